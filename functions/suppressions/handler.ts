/**
 * The suppressions function: SES bounce and complaint events (an EventBridge rule on the default
 * bus) become suppression records, which the mailer checks before every send. A permanent bounce or
 * a complaint suppresses each affected recipient, keyed by the keyed hash of the normalised address;
 * a transient bounce suppresses nothing. A permanent bounce of one of our messages whose outbox item
 * is still kept also tells the therapist, as the console's undelivered notice. Redelivery is harmless: the item written depends only on
 * the event.
 *
 * Logs carry the detail-type, counts, the outbox id and SES's message id: never an address.
 * An event it cannot read, or a write that fails, throws: Lambda retries the asynchronous
 * invocation, then leaves the event in the function's dead-letter queue (alarmed).
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { emailHash, loadEmailHashKey } from '#shared/store/index.js';
import { lambdaContext } from '#shared/middleware/lambda-context.js';
import { getRuntime, type Runtime } from '#shared/runtime.js';
import { audienceOfTemplate } from '#shared/email/template-audiences.js';
import { readSesFeedback } from './ses-event.js';

export interface SuppressionsDeps {
  runtime: () => Runtime;
  /** The stage's SES configuration set: an event tagged with another one is not this stage's. */
  configurationSet: () => string | undefined;
}

export const defaultDeps: SuppressionsDeps = {
  runtime: getRuntime,
  configurationSet: () => process.env.SES_CONFIGURATION_SET || undefined,
};

export interface SuppressionsResult {
  /** suppressed: records written or kept; not-suppressing: a transient bounce or not-spam report; ignored: not ours. */
  outcome: 'suppressed' | 'not-suppressing' | 'ignored';
  recipients: number;
  /** Suppression items written (new, or the same item again on redelivery). */
  written: number;
  /** Recipients already suppressed for longer (a complaint outlives a bounce): left as they were. */
  kept: number;
}

export type SuppressionsEvent = EventBridgeEvent<string, unknown>;

export function createSuppressionsHandler(overrides: Partial<SuppressionsDeps> = {}) {
  const deps: SuppressionsDeps = { ...defaultDeps, ...overrides };
  return middy<SuppressionsEvent, SuppressionsResult>()
    .use(lambdaContext(() => deps.runtime().logger))
    .handler(async (event) => {
      const runtime = deps.runtime();
      const { config, logger } = runtime;
      const feedback = readSesFeedback(event);
      const none = { recipients: 0, written: 0, kept: 0 };

      if (feedback.kind === 'other') {
        logger.info('ses feedback ignored', { detailType: feedback.detailType });
        return { outcome: 'ignored', ...none };
      }
      const expected = deps.configurationSet();
      if (expected !== undefined && feedback.configurationSet !== undefined && feedback.configurationSet !== expected) {
        logger.info('ses feedback ignored: another configuration set', { detailType: feedback.detailType });
        return { outcome: 'ignored', ...none };
      }
      if (feedback.kind === 'not-suppressing') {
        const { detailType, why, recipients, outboxId } = feedback;
        logger.info('ses feedback', { detailType, outcome: 'not-suppressing', why, recipients, outboxId });
        return { outcome: 'not-suppressing', ...none, recipients };
      }

      // Without the key nothing can be recorded: throw, so the event is retried and then kept.
      const hashKey = await loadEmailHashKey(config);
      const hashes = [...new Set(feedback.addresses.map((address) => emailHash(hashKey, address)))];
      const { reason, at, outboxId, providerMessageId } = feedback;
      let written = 0;
      for (const hash of hashes) {
        const result = await runtime.store.suppressions.record(hash, {
          reason,
          at,
          ...(outboxId ? { outboxId } : {}),
          ...(providerMessageId ? { providerMessageId } : {}),
        });
        if (result === 'written') written++;
      }
      const kept = hashes.length - written;
      // A bounce means the email we sent never arrived: the therapist is told, as for one the mailer
      // could not send (shared/store/undelivered.ts). A complaint is the person's own choice: not told.
      const undelivered =
        reason === 'bounce' && outboxId
          ? await runtime.store.undelivered.recordBounced(
              outboxId,
              audienceOfTemplate,
              (address) => emailHash(hashKey, address),
              at,
            )
          : undefined;
      logger.info('ses feedback', {
        detailType: feedback.detailType,
        outcome: 'suppressed',
        reason,
        recipients: hashes.length,
        written,
        kept,
        outboxId,
        providerMessageId,
        ...(undelivered ? { undelivered } : {}),
      });
      return { outcome: 'suppressed', recipients: hashes.length, written, kept };
    });
}

export const handler = createSuppressionsHandler();
