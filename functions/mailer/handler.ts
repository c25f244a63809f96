/**
 * The mailer: consumes the table's stream and sends each new outbox item once. Reports partial
 * batch failures (ReportBatchItemFailures) by sequence number, so only what is unfinished is
 * delivered again; everything before it is checkpointed. What the stream gives up on stays pending
 * in the table, and the sweep's re-drive sends it (redrive.ts).
 */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { errorName } from '../../shared/email/email-sender.js';
import { getRuntime, type Runtime } from '../../shared/runtime.js';
import { deliver, outcomeLevels, type LogFields } from './deliver.js';
import { deadlineOf, defaultDeliveryOptions, deliveryDeps, type DeliveryOptions } from './delivery.js';

export interface MailerDeps extends DeliveryOptions {
  runtime: () => Runtime;
}

export const defaultDeps: MailerDeps = { ...defaultDeliveryOptions, runtime: getRuntime };

export function createMailerHandler(overrides: Partial<MailerDeps> = {}) {
  const deps: MailerDeps = { ...defaultDeps, ...overrides };
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event, context) => {
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
    }
    return { batchItemFailures };
  });
}

export const handler = createMailerHandler();
