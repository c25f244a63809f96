/**
 * Emails the mailer could not send, ever (a permanent refusal: the message did not render, or the
 * email service refused it for good), kept in the therapist's partition so the console says so:
 * which email, to whom (a client, or the therapist), about which client. Never the address, never the
 * content. Kept as long as a failed outbox item (30 days), so a therapist who looks in weekly sees it.
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import { outboxRetentionMs } from './outbox.js';

export const UNDELIVERED_ENTITY = 'undelivered';

export interface UndeliveredEmail {
  outboxId: string;
  /** The template's name, e.g. "booking-confirmed". */
  template: string;
  /** Who it was for: the client, or the therapist themselves. */
  recipient: 'client' | 'therapist';
  /** The client the email was to or about, by the name they gave; absent when the message held none. */
  clientName?: string;
  /** The keyed hash of the client's address when the email was to them (never the address): how erasure can find it. */
  emailHash?: string;
  /** Why, as the mailer recorded it (an error name, never content). */
  reason: string;
  failedAt: string;
}

/** Idempotent: a redelivered stream record writes the same item again. */
export async function recordUndelivered(db: DynamoDBDocumentClient, tableName: string, therapistId: string, email: UndeliveredEmail, now: Date): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.undelivered(therapistId, email.outboxId), entity: UNDELIVERED_ENTITY, ...email, ttl: ttlFrom(now.getTime() + outboxRetentionMs) },
    }),
  );
}

/** The therapist's undelivered emails, newest first (outbox ids are ULIDs: they sort by time). */
export async function listUndelivered(db: DynamoDBDocumentClient, tableName: string, therapistId: string, nowMs: number): Promise<UndeliveredEmail[]> {
  const items = await queryAll<UndeliveredEmail & { ttl?: number }>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.undeliveredPrefix },
    ScanIndexForward: false,
  });
  return items
    .filter((i) => i.ttl === undefined || i.ttl * 1000 > nowMs)
    .map(({ outboxId, template, recipient, clientName, reason, failedAt }) => ({ outboxId, template, recipient, ...(clientName ? { clientName } : {}), reason, failedAt }));
}
