/**
 * The mailer: consumes the table's stream and sends each new outbox item once. Reports partial
 * batch failures (ReportBatchItemFailures) by sequence number, so only what is unfinished is
 * delivered again; everything before it is checkpointed.
 */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { errorName, type EmailSender } from '../../shared/email/email-sender.js';
import { createSesSender } from '../../shared/email/ses-sender.js';
import { isSuppressed } from '../../shared/email/suppression.js';
import { emailHash, loadEmailHashKey, type ReadSecret } from '../../shared/store/email-hash.js';
import { getRuntime, type Runtime } from '../../shared/runtime.js';
import { deliver, type DeliverDeps, type LogFields, type Outcome } from './deliver.js';
import { OutboxLeases } from './outbox-lease.js';
import type { RetryPolicy } from './send-with-retry.js';

export interface MailerDeps {
  runtime: () => Runtime;
  sender: (runtime: Runtime) => EmailSender;
  now: () => Date;
  retry: RetryPolicy;
  /**
   * How long a claim lasts when the invocation's own deadline is unknown. Normally a claim lasts
   * until this invocation's deadline plus a moment, so a timed-out invocation's items are free by
   * the time the stream delivers the batch again.
   */
  leaseMs: number;
  /** Reads the email hash key's secret in AWS; without it (and without EMAIL_HASH_KEY) suppression is not checked. */
  readSecret?: ReadSecret;
}

const senders = new WeakMap<Runtime, EmailSender>();

export const defaultDeps: MailerDeps = {
  runtime: getRuntime,
  sender: (runtime) => {
    let sender = senders.get(runtime);
    if (!sender) {
      const { region, sesEndpoint } = runtime.config;
      const configurationSetName = process.env.SES_CONFIGURATION_SET || undefined;
      sender = createSesSender({ region, ...(sesEndpoint ? { endpoint: sesEndpoint } : {}), ...(configurationSetName ? { configurationSetName } : {}) });
      senders.set(runtime, sender);
    }
    return sender;
  },
  now: () => new Date(),
  retry: { attempts: 3, baseDelayMs: 200, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random },
  leaseMs: 90_000,
};

const leaseMarginMs = 2_000;

const levels: Record<Outcome, 'debug' | 'info' | 'warn' | 'error'> = {
  ignored: 'debug',
  'already-done': 'info',
  sent: 'info',
  suppressed: 'info',
  retry: 'warn',
  // Permanent: retrying cannot help, so the batch goes on; the log line feeds the failed-email alarm.
  failed: 'error',
};

export function createMailerHandler(overrides: Partial<MailerDeps> = {}) {
  const deps: MailerDeps = { ...defaultDeps, ...overrides };
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event, context) => {
    const runtime = deps.runtime();
    const { config, db, logger } = runtime;
    const deadline = typeof context?.getRemainingTimeInMillis === 'function' ? deps.now().getTime() + context.getRemainingTimeInMillis() : undefined;
    // SES's own suppression list (the configuration set) still applies if ours cannot be read.
    const hashKey = await loadEmailHashKey(config, deps.readSecret).catch((error: unknown) => {
      logger.warn('suppression records not checked: no email hash key', { errorName: errorName(error) });
      return undefined;
    });
    const deliverDeps: DeliverDeps = {
      runtime,
      leases: new OutboxLeases(db, config.tableName),
      sender: deps.sender(runtime),
      now: deps.now,
      retry: deps.retry,
      leaseMs: () => (deadline === undefined ? deps.leaseMs : Math.max(0, deadline - deps.now().getTime()) + leaseMarginMs),
      suppressionHash: (email) => (hashKey ? emailHash(hashKey, email) : undefined),
      isSuppressed: (hash, nowMs, email) => isSuppressed(db, config.tableName, hash, nowMs, email),
    };

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
      if (log.outcome !== 'ignored') logger[levels[log.outcome]]('outbox message', { ...log });
    }
    return { batchItemFailures };
  });
}

export const handler = createMailerHandler();
