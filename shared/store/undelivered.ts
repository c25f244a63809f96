/**
 * Emails the mailer could not send, ever (a permanent refusal: the message did not render, or the
 * email service refused it for good), kept in the therapist's partition so the console says so:
 * which email, to whom (a client, or the therapist), about which client. Never the address, never the
 * content. Kept as long as a failed outbox item (30 days), so a therapist who looks in weekly sees it.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { asOneLine, personNameMax } from '../domain/one-line-text.js';
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
  /** Why: an error name the mailer recorded, or `bounced` when the email went and came back (never content). */
  reason: string;
  failedAt: string;
}

/** Why an email that SES accepted later came back for good: the console words it (use-cases/emails/undelivered-emails.ts). */
export const BOUNCED_REASON = 'bounced';

/** Who a template is written for, as the email layer says (shared/email/render.ts): the store may not read templates. */
export type AudienceOf = (template: string) => 'client' | 'therapist' | undefined;

/**
 * The notice for one outbox message, from the message as it is stored (read defensively: it may be
 * one that did not render). Undefined when the message names no therapist to tell. The address is
 * never kept: only its keyed hash, and only when the email was to the client.
 */
export function undeliveredOf(
  stored: unknown,
  outboxId: string,
  audienceOf: AudienceOf,
  hash: (email: string) => string | undefined,
  reason: string,
  at: Date,
): { therapistId: string; email: UndeliveredEmail } | undefined {
  const message = (typeof stored === 'object' && stored !== null ? stored : {}) as {
    therapistId?: unknown;
    template?: unknown;
    to?: { name?: unknown; email?: unknown };
    data?: { clientName?: unknown };
  };
  if (typeof message.therapistId !== 'string' || message.therapistId === '') return undefined;
  const template = typeof message.template === 'string' ? message.template.slice(0, 64) : 'unknown';
  const recipient = audienceOf(template) ?? 'client';
  const name =
    typeof message.data?.clientName === 'string'
      ? message.data.clientName
      : recipient === 'client' && typeof message.to?.name === 'string'
        ? message.to.name
        : undefined;
  const clientName = name === undefined ? undefined : asOneLine(name).slice(0, personNameMax);
  const emailHash =
    recipient === 'client' && typeof message.to?.email === 'string' ? hash(message.to.email) : undefined;
  return {
    therapistId: message.therapistId,
    email: {
      outboxId,
      template,
      recipient,
      ...(clientName ? { clientName } : {}),
      ...(emailHash ? { emailHash } : {}),
      reason,
      failedAt: at.toISOString(),
    },
  };
}

/**
 * An email that went and later bounced for good: the same notice the mailer writes for a refusal,
 * from the outbox item that still holds the message. `gone` when the item has expired (nothing left
 * to say who it was for), `no-therapist` when the message names none. Idempotent: `at` comes from
 * the event, so a redelivered event writes the same item under the same key.
 */
export async function recordBounced(
  db: DynamoDBDocumentClient,
  tableName: string,
  outboxId: string,
  audienceOf: AudienceOf,
  hash: (email: string) => string | undefined,
  at: Date,
): Promise<'recorded' | 'gone' | 'no-therapist'> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.outbox(outboxId),
      ProjectionExpression: 'message, #ttl',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
    }),
  );
  if (!Item || (typeof Item.ttl === 'number' && Item.ttl * 1000 <= at.getTime())) return 'gone';
  const notice = undeliveredOf(Item.message, outboxId, audienceOf, hash, BOUNCED_REASON, at);
  if (!notice) return 'no-therapist';
  await recordUndelivered(db, tableName, notice.therapistId, notice.email, at);
  return 'recorded';
}

/** Idempotent: a redelivered stream record writes the same item again. */
export async function recordUndelivered(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  email: UndeliveredEmail,
  now: Date,
): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.undelivered(therapistId, email.outboxId),
        entity: UNDELIVERED_ENTITY,
        ...email,
        ttl: ttlFrom(now.getTime() + outboxRetentionMs),
      },
    }),
  );
}

/** The therapist's undelivered emails, newest first (outbox ids are ULIDs: they sort by time). */
export async function listUndelivered(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  nowMs: number,
): Promise<UndeliveredEmail[]> {
  const items = await queryAll<UndeliveredEmail & { ttl?: number }>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.undeliveredPrefix },
    ScanIndexForward: false,
  });
  return items
    .filter((i) => i.ttl === undefined || i.ttl * 1000 > nowMs)
    .map(({ outboxId, template, recipient, clientName, reason, failedAt }) => ({
      outboxId,
      template,
      recipient,
      ...(clientName ? { clientName } : {}),
      reason,
      failedAt,
    }));
}
