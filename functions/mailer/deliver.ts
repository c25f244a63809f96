/**
 * One outbox item, from its stream record to a final state: claim, check suppression, render,
 * compose, send, record. Returns what happened; throws only on the unexpected. The re-drive
 * (redrive.ts) sends a claimed item through the same `sendClaimed`.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from '#shared/zod.js';
import { composeMime } from '#shared/email/compose.js';
import { errorName, type EmailSender } from '#shared/email/email-sender.js';
import {
  audienceOf,
  MessageInvalid,
  outboxEnvelopeSchema,
  renderMessage,
  showsCrisisSupport,
} from '#shared/email/render.js';
import { wholeMessage } from '#shared/email/stored-invite.js';
import type { QueuedEmail } from '#shared/store/suppressions.js';
import { OUTBOX_ENTITY, crisisSupportOf } from '#shared/store/index.js';
import type { Runtime } from '#shared/runtime.js';
import { contactPageUrl } from '#shared/use-cases/enquiries/contact-links.js';
import type { Lease, OutboxLeases } from '#shared/store/outbox-leases.js';
import { sendWithRetry, type RetryPolicy } from './send-with-retry.js';

export type Outcome =
  /** Not an outbox insert: nothing for the mailer. */
  | 'ignored'
  /** Already sent, suppressed or failed (a redelivery). */
  | 'already-done'
  | 'sent'
  | 'suppressed'
  | 'failed'
  /** Not finished; the stream must deliver the record again (or the re-drive tries it later). */
  | 'retry'
  /**
   * SES sends nothing until ops act (a paused account): the stream moves on, since delivering the
   * record again at once cannot help, and the re-drive tries again on its timetable.
   */
  | 'held';

/** How each outcome is logged; `failed` is the line the failed-email alarm counts. */
export const outcomeLevels: Record<Outcome, 'debug' | 'info' | 'warn' | 'error'> = {
  ignored: 'debug',
  'already-done': 'info',
  sent: 'info',
  suppressed: 'info',
  retry: 'warn',
  // Every email waits on a person: as loud as a failure, though nothing is lost.
  held: 'error',
  // Permanent: retrying cannot help, so the batch goes on; the log line feeds the failed-email alarm.
  failed: 'error',
};

export interface DeliverDeps {
  runtime: Runtime;
  leases: OutboxLeases;
  sender: EmailSender;
  now: () => Date;
  retry: RetryPolicy;
  /** How long a claim made now should last. */
  leaseMs: () => number;
  /** The suppression key for an address, or undefined when no hash key is configured. */
  suppressionHash: (email: string) => string | undefined;
  /** Also true when the message's therapist erased this person after it was queued (an erasure hold). */
  isSuppressed: (hash: string, nowMs: number, email: QueuedEmail) => Promise<boolean>;
}

/** What logs may say about a message: ids and outcomes, never names, addresses or content. */
export interface LogFields {
  outboxId?: string;
  template?: string;
  outcome?: Outcome;
  errorName?: string;
  /** SES calls this time (in-process retries included). */
  attempts?: number;
  /** Set by the re-drive: which of its attempts this was, and when the next is due if it failed. */
  via?: 'redrive';
  redrive?: number;
  nextAttemptAt?: string;
  /**
   * Set by the re-drive on its first claim of an item the stream never claimed: past the grace and
   * untouched by the stream means the stream reader is stopped or failing, not that SES refused.
   */
  neverStreamed?: true;
}

const outboxKeySchema = z.object({
  pk: z.string().check(z.startsWith('OUTBOX#')),
  sk: z.string(),
  entity: z.literal(OUTBOX_ENTITY),
});

export async function deliver(record: DynamoDBRecord, deps: DeliverDeps, log: LogFields): Promise<Outcome> {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== OUTBOX_ENTITY) return 'ignored';
  // aws-lambda's AttributeValue and the SDK's describe the same wire shape.
  const key = outboxKeySchema.safeParse(unmarshall(image as Record<string, AttributeValue>));
  if (!key.success) return 'ignored';
  log.outboxId = key.data.pk.slice('OUTBOX#'.length);

  const claim = await deps.leases.claim({ pk: key.data.pk, sk: key.data.sk }, deps.now(), deps.leaseMs());
  if (!claim.claimed) return claim.reason === 'done' ? 'already-done' : 'retry';
  try {
    const outcome = await sendClaimed(claim.item, claim.lease, deps, log);
    // Free the item for the stream's retry at once (or, when held, for the re-drive); its re-drive
    // time stands.
    if (outcome === 'retry' || outcome === 'held') await deps.leases.release(claim.lease);
    return outcome;
  } catch (error) {
    // Free the item for the stream's retry rather than leave it leased until the lease runs out.
    await deps.leases.release(claim.lease).catch(() => false);
    throw error;
  }
}

/**
 * Sends an item the caller has claimed and records the result. On 'retry' or 'held' the caller still holds
 * the lease and decides what comes next: the stream releases the item, the re-drive reschedules it.
 */
export async function sendClaimed(
  item: Record<string, unknown>,
  lease: Lease,
  deps: DeliverDeps,
  log: LogFields,
): Promise<Extract<Outcome, 'sent' | 'suppressed' | 'failed' | 'retry' | 'held'>> {
  const { config, logger } = deps.runtime;
  const envelope = outboxEnvelopeSchema.safeParse(item.message);
  const template = (item.message as { template?: unknown } | undefined)?.template;
  if (typeof template === 'string') log.template = template.slice(0, 64);
  if (!envelope.success) {
    log.errorName = 'MessageInvalid';
    await failed(item.message, lease, deps, log.errorName);
    return 'failed';
  }
  const message = envelope.data;

  const hash = deps.suppressionHash(message.to.email);
  const queued = {
    therapistId: message.therapistId,
    ...(typeof item.createdAt === 'string' ? { createdAt: item.createdAt } : {}),
  };
  if (hash !== undefined && (await deps.isSuppressed(hash, deps.now().getTime(), queued))) {
    await deps.leases.markSuppressed(lease, deps.now());
    return 'suppressed';
  }

  // Read at sending, so a therapist's own crisis lines apply to everything still queued.
  const therapist = showsCrisisSupport(message.template)
    ? await deps.runtime.store.therapists.get(message.therapistId)
    : undefined;
  let raw: Buffer;
  try {
    // A booking invite is stored without what the message already says (stored-invite.ts): whole again first.
    const email = renderMessage(
      wholeMessage(message, config.settings.senderEmail),
      crisisSupportOf(therapist, config.settings),
      contactPageUrl(config.settings, message.therapistId),
    );
    raw = await composeMime({
      id: message.id,
      from: { name: message.fromName, address: config.settings.senderEmail },
      to: { name: message.to.name, address: message.to.email },
      ...email,
    });
  } catch (error) {
    if (!(error instanceof MessageInvalid)) throw error;
    log.errorName = error.name;
    await failed(message, lease, deps, error.name);
    return 'failed';
  }

  const result = await sendWithRetry(
    () =>
      deps.sender.send({
        raw,
        from: config.settings.senderEmail,
        to: [message.to.email],
        tags: { outboxId: message.id, template: message.template },
      }),
    deps.retry,
  );
  log.attempts = result.attempts;
  if (result.ok) {
    // The email is out: whatever happens to the bookkeeping, never hand the item back to be sent again.
    const recorded = await recordSent(lease, result.providerMessageId, deps);
    if (recorded !== true)
      logger.warn('sent, but the send was not recorded', {
        outboxId: log.outboxId,
        errorName: recorded === false ? 'LeaseLost' : recorded,
      });
    return 'sent';
  }
  log.errorName = errorName(result.error);
  if (result.kind === 'permanent') {
    await failed(message, lease, deps, log.errorName);
    return 'failed';
  }
  if (result.kind === 'held') return 'held';
  // Throttled past our own retries, or something unrecognised: worth another go later.
  return 'retry';
}

/**
 * A permanent refusal is never only a log line: the therapist's console shows which email did not go
 * and to whom (store/undelivered.ts), written before the item is marked failed so a crash between the
 * two leaves it to be tried (and recorded) again. A message without a therapist to tell is logged only.
 */
export async function failed(stored: unknown, lease: Lease, deps: DeliverDeps, reason: string): Promise<void> {
  const outboxId = lease.key.pk.slice('OUTBOX#'.length);
  const now = deps.now();
  const notice = deps.runtime.store.undelivered.of(stored, outboxId, audienceOf, deps.suppressionHash, reason, now);
  if (notice) await deps.runtime.store.undelivered.record(notice.therapistId, notice.email, now);
  await deps.leases.markFailed(lease, deps.now(), reason);
}

/**
 * Records a send, trying a failed write again: an item left `sending` would be sent a second time
 * by the re-drive once its lease runs out. False when the lease was lost; an error name when every
 * try failed.
 */
async function recordSent(lease: Lease, providerMessageId: string, deps: DeliverDeps): Promise<boolean | string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.leases.markSent(lease, deps.now(), providerMessageId);
    } catch (error) {
      if (attempt >= 3) return errorName(error);
      await deps.retry.sleep(deps.retry.baseDelayMs * attempt);
    }
  }
}
