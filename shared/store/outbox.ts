/**
 * Transactional outbox: an email is an item written in the same TransactWriteItems as the state
 * change that causes it. The table stream delivers the INSERT to the mailer.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../email/messages.js';
import { ttlFrom } from './dynamo.js';
import { keys } from './keys.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const OUTBOX_ENTITY = 'outbox';
/** Sent and failed outbox items are kept this long for support, then expire. */
export const outboxRetentionMs = 30 * 24 * 60 * 60 * 1000;

export interface OutboxItem {
  pk: string;
  sk: string;
  entity: typeof OUTBOX_ENTITY;
  message: OutboxMessage;
  status: 'pending' | 'sending' | 'sent' | 'suppressed' | 'failed';
  createdAt: string;
  attempts?: number;
  leaseUntil?: number;
  sentAt?: string;
  providerMessageId?: string;
  ttl?: number;
}

export function outboxPut(tableName: string, message: OutboxMessage, now: Date): TransactItem {
  const item: OutboxItem = { ...keys.outbox(message.id), entity: OUTBOX_ENTITY, message, status: 'pending', createdAt: now.toISOString(), ttl: ttlFrom(now.getTime() + outboxRetentionMs) };
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}
