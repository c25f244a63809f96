/**
 * Suppressed addresses (hard bounces, complaints) are stored under the keyed email hash
 * (email-hash.ts), so the table never holds a plain list of people who bounced or
 * complained. The suppressions function writes them from SES's bounce and complaint events; the
 * mailer reads them before every send.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, isLive, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import { maxRedrives, outboxRetentionMs } from './outbox.js';
import { redriveOffsetMs } from './redrive-schedule.js';

export const SUPPRESSION_ENTITY = 'suppression';

export type SuppressionReason = 'bounce' | 'complaint';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long a suppression lasts. Both expire, because docs/voice-and-privacy.md keeps only what the journey needs and
 * an address is not a person forever:
 * - bounce, 1 year: the mailbox did not exist or refused mail for good. Addresses are fixed or
 *   reassigned over time, and SES's own suppression list (the configuration set) still stops a send
 *   that would bounce again, and reports it, which writes a fresh record here.
 * - complaint, 2 years: the person marked a message as spam. That is a clear "do not write to me",
 *   kept longer, but not for ever: someone who comes back years later and writes an enquiry again
 *   should hear that it arrived.
 */
export const suppressionDays: Record<SuppressionReason, number> = { bounce: 365, complaint: 730 };

export interface SuppressionItem {
  pk: string;
  sk: string;
  entity: typeof SUPPRESSION_ENTITY;
  reason: SuppressionReason;
  /** When SES received the bounce or complaint (ISO). */
  at: string;
  /** The outbox item whose email bounced or was complained about, from the email's SES tags. */
  outboxId?: string;
  /** SES's id of that email (mail.messageId), the outbox item's providerMessageId. */
  providerMessageId?: string;
  /** Epoch seconds; `isSuppressed` treats an expired item as absent (DynamoDB Local never deletes). */
  ttl: number;
}

export interface SuppressionRecord {
  reason: SuppressionReason;
  at: Date;
  outboxId?: string;
  providerMessageId?: string;
}

export function suppressionItem(emailHash: string, record: SuppressionRecord): SuppressionItem {
  return {
    ...keys.suppression(emailHash),
    entity: SUPPRESSION_ENTITY,
    reason: record.reason,
    at: record.at.toISOString(),
    ...(record.outboxId ? { outboxId: record.outboxId } : {}),
    ...(record.providerMessageId ? { providerMessageId: record.providerMessageId } : {}),
    ttl: ttlFrom(record.at.getTime() + suppressionDays[record.reason] * DAY_MS),
  };
}

/**
 * Writes (or rewrites) the suppression. Idempotent: the item depends only on the event, so a
 * redelivered event writes the very same item. A write never shortens a suppression already in
 * place (a bounce after a complaint keeps the complaint's longer life): then it is `kept`.
 */
export async function recordSuppression(
  db: DynamoDBDocumentClient,
  tableName: string,
  emailHash: string,
  record: SuppressionRecord,
): Promise<'written' | 'kept'> {
  const item = suppressionItem(emailHash, record);
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        // An item without a ttl (set by hand, for good) is never replaced: the comparison is false.
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':ttl': item.ttl },
      }),
    );
    return 'written';
  } catch (error) {
    if (isConditionFailure(error)) return 'kept';
    throw error;
  }
}

/**
 * An erasure hold: a therapist erased this person's data (use-cases/erasure/erase-person.ts), so
 * that therapist's emails to them already in the outbox must not go out — a pending one, one the
 * stream is still retrying (up to 6 hours), one the mailer re-drives (up to the outbox's 30 days),
 * or a failed one ops send again (kept 30 days from its failure). It is not a suppression of the
 * address:
 * - it holds only the erasing therapist's emails: the same person may be another therapist's
 *   client on this deployment, whose confirmations and reminders must still arrive;
 * - it holds only emails queued at or before the erasure (the outbox item's createdAt): if the
 *   person writes again later, they hear that their message arrived.
 * It lives beside the suppression (same partition, `ERASED#<therapistId>`), so the mailer reads
 * both with one Query, and expires with the last outbox item it could hold. It keeps the keyed
 * hash and the therapist id only.
 */
export const ERASURE_HOLD_ENTITY = 'erasure-hold';
/**
 * As long as an email queued at the erasure can still be sent: the re-drive's last attempt, a day
 * for late sweeps, then the retention of the failed item, which ops may send again by hand (61 days).
 */
export const erasureHoldMs = redriveOffsetMs(maxRedrives) + DAY_MS + outboxRetentionMs;

export interface ErasureHoldItem {
  pk: string;
  sk: string;
  entity: typeof ERASURE_HOLD_ENTITY;
  therapistId: string;
  /** Outbox items created at or before this instant (ISO) are held. */
  erasedAt: string;
  ttl: number;
}

export function erasureHoldItem(emailHash: string, therapistId: string, erasedAt: Date): ErasureHoldItem {
  return {
    ...keys.erasureHold(emailHash, therapistId),
    entity: ERASURE_HOLD_ENTITY,
    therapistId,
    erasedAt: erasedAt.toISOString(),
    ttl: ttlFrom(erasedAt.getTime() + erasureHoldMs),
  };
}

/** What the mailer knows about the email it is about to send, for the erasure holds. */
export interface QueuedEmail {
  therapistId: string;
  /** The outbox item's createdAt; an item without one is treated as queued before any erasure. */
  createdAt?: string;
}

/**
 * True when the address is suppressed (bounce, complaint), or — given the queued email — when its
 * therapist erased this person after the email was queued. One consistent Query of the hash's
 * partition reads the suppression and any erasure holds together.
 */
export async function isSuppressed(
  db: DynamoDBDocumentClient,
  tableName: string,
  emailHash: string,
  nowMs: number,
  email?: QueuedEmail,
): Promise<boolean> {
  const { pk, sk } = keys.suppression(emailHash);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return Items.some((item) => {
    if (!isLive(item as { ttl?: number }, nowMs)) return false;
    if (item.sk === sk) return true;
    if (!email || item.sk !== keys.erasureHold(emailHash, email.therapistId).sk) return false;
    return email.createdAt === undefined || email.createdAt <= String(item.erasedAt);
  });
}
