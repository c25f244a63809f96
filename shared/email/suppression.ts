/**
 * Suppressed addresses (hard bounces, complaints) are stored under the keyed email hash
 * (shared/store/email-hash.ts), so the table never holds a plain list of people who bounced or
 * complained. The suppressions function writes them from SES's bounce and complaint events; the
 * mailer reads them before every send.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, isLive, ttlFrom } from '../store/dynamo.js';
import { keys } from '../store/keys.js';

export const SUPPRESSION_ENTITY = 'suppression';

export type SuppressionReason = 'bounce' | 'complaint';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long a suppression lasts. Both expire, because care.md keeps only what the journey needs and
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
export async function recordSuppression(db: DynamoDBDocumentClient, tableName: string, emailHash: string, record: SuppressionRecord): Promise<'written' | 'kept'> {
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

export async function isSuppressed(db: DynamoDBDocumentClient, tableName: string, emailHash: string, nowMs: number): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.suppression(emailHash), ConsistentRead: true }));
  return isLive(Item as { ttl?: number } | undefined, nowMs);
}
