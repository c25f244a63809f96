/**
 * The mailer: the one function that sends email. Two triggers:
 * - the table's stream: each new outbox item, sent once. Reports partial batch failures
 *   (ReportBatchItemFailures) by sequence number, so only what is unfinished is delivered again;
 *   everything before it is checkpointed;
 * - an EventBridge schedule every 5 minutes: the re-drive (redrive.ts) sends what the stream could
 *   not (an outage longer than its retries, a record past its age, a stream position lost). "Now" is
 *   the scheduled event's time, so a delayed event re-drives as of when it was meant to run (and
 *   tests move the clock); leases still run on the real clock.
 * Both send through the same lease, so the stream and the re-drive reaching one item send one email.
 */
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { errorName } from '#shared/email/email-sender.js';
import { failuresMetric } from '#shared/failures-metric.js';
import { countFailures } from '#shared/metrics.js';
import { lambdaContext } from '#shared/middleware/lambda-context.js';
import { getRuntime, type Runtime } from '#shared/runtime.js';
import { deliver, outcomeLevels, type LogFields } from './deliver.js';
import { deadlineOf, hasTimeBefore, scheduledNow } from '../invocation.js';
import { defaultDeliveryOptions, deliveryDeps, type DeliveryOptions } from './delivery.js';
import { redriveOutbox, type RedriveOutcome, type RedriveSummary } from './redrive.js';

export interface MailerDeps extends DeliveryOptions {
  runtime: () => Runtime;
  /**
   * Time kept back at the end of a re-drive: no email is started later than this before the
   * deadline, so a send (with its in-process retries) and its record finish inside the invocation.
   */
  reserveMs: number;
}

export const defaultDeps: MailerDeps = { ...defaultDeliveryOptions, runtime: getRuntime, reserveMs: 15_000 };

/** The stream trigger. */
export function createMailerHandler(overrides: Partial<MailerDeps> = {}) {
  const deps: MailerDeps = { ...defaultDeps, ...overrides };
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(lambdaContext(() => deps.runtime().logger))
    .handler(async (event, context) => {
      const runtime = deps.runtime();
      const deliverDeps = await deliveryDeps(runtime, deps, deadlineOf(context, deps.now()));

      const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
      // One at a time: the stream keeps order per item, and SES rate limits reward a steady pace.
      for (const record of event.Records) {
        const log: LogFields = {};
        try {
          log.outcome = await deliver(record, deliverDeps, log);
        } catch (error) {
          log.outcome = 'retry';
          log.errorName = errorName(error);
        }
        if (log.outcome === 'retry') batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        if (log.outcome !== 'ignored') runtime.logger[outcomeLevels[log.outcome]]('outbox message', { ...log });
        countEmailFailure(log.outcome);
      }
      return { batchItemFailures };
    });
}

/** An email that will not be sent, or one SES holds until a person acts (a paused account), alarms at once. */
function countEmailFailure(outcome: string | undefined): void {
  if (outcome === 'failed' || outcome === 'held') countFailures(failuresMetric.atOnce);
}

const redriveLevels: Record<RedriveOutcome, 'debug' | 'info' | 'warn' | 'error'> = { ...outcomeLevels, busy: 'info' };

/** The scheduled trigger: the re-drive. */
export function createRedriveHandler(overrides: Partial<MailerDeps> = {}) {
  const deps: MailerDeps = { ...defaultDeps, ...overrides };
  return middy<ScheduledEvent, RedriveSummary>()
    .use(lambdaContext(() => deps.runtime().logger))
    .handler(async (event, context) => {
      const runtime = deps.runtime();
      const now = scheduledNow(event);
      const deadline = deadlineOf(context, deps.now());
      const summary = await redriveOutbox(await deliveryDeps(runtime, deps, deadline), now, {
        hasTime: hasTimeBefore(deadline, deps.reserveMs, deps.now),
        // The same line as the stream's: `outcome: failed` (or `held`) is what the email alarm counts.
        onOutcome: (log) => {
          runtime.logger[redriveLevels[log.outcome]]('outbox message', { ...log });
          countEmailFailure(log.outcome);
        },
      });
      // The stream sends an email within seconds; one it never even claimed by the grace means no
      // stream invocation is happening, the one failure the mailer-behind alarm cannot see.
      if (summary.neverStreamed > 0) {
        runtime.logger.error('redrive found emails the stream never tried', { neverStreamed: summary.neverStreamed });
        countFailures(failuresMetric.streamReaderSilent);
      }
      runtime.logger.info('redrive', { ...summary });
      return summary;
    });
}

export type MailerEvent = DynamoDBStreamEvent | ScheduledEvent;

const stream = createMailerHandler();
const redrive = createRedriveHandler();

/** What Lambda calls: the stream's records, or the schedule's event. */
export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse>;
export async function handler(event: ScheduledEvent, context: Context): Promise<RedriveSummary>;
export async function handler(event: MailerEvent, context: Context): Promise<DynamoDBBatchResponse | RedriveSummary>;
export async function handler(event: MailerEvent, context: Context): Promise<DynamoDBBatchResponse | RedriveSummary> {
  return 'Records' in event ? stream(event, context) : redrive(event, context);
}
