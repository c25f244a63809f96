/**
 * Timers are data: anything that must happen later is an item written in the same transaction as
 * the change that creates it, and deleted in the same transaction as the change that cancels it.
 * Pending timers carry gsi1 keys (a UTC day bucket and a shard); firing removes them with a condition,
 * so a timer fires once even when two sweeps overlap.
 */
import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ttlFrom } from './dynamo.js';
import { keys, timerBucket } from './keys.js';
import type { TransactItem } from './outbox.js';
import { table } from './table.js';

export type TimerKind =
  | 'enquiry-nudge'
  | 'enquiry-expiry'
  | 'booking-request-nudge'
  | 'booking-request-expiry'
  | 'booking-reminder'
  | 'break-notice'
  | 'break-welcome-back'
  | 'break-correction'
  | 'return-request-nudge'
  | 'waiting-check-in'
  | 'waiting-offer-expiry'
  | 'standing-extend';

export interface Timer {
  /** Deterministic, e.g. `enquiry-nudge#<enquiryId>`, so the change that cancels it can name it. */
  timerId: string;
  therapistId: string;
  kind: TimerKind;
  subjectId: string;
  dueAt: string;
}

export interface TimerItem extends Timer {
  pk: string;
  sk: string;
  entity: 'timer';
  status: 'pending' | 'done';
  gsi1pk?: string;
  gsi1sk?: string;
  ttl?: number;
}

export const timerId = (kind: TimerKind, subjectId: string): string => `${kind}#${subjectId}`;

export const shardOf = (id: string, shards: number): number =>
  createHash('sha1').update(id).digest().readUInt16BE(0) % shards;

export function timerPut(tableName: string, timer: Timer, shards: number): TransactItem {
  const dueMs = Date.parse(timer.dueAt);
  const item: TimerItem = {
    ...keys.timer(timer.therapistId, timer.timerId),
    entity: 'timer',
    status: 'pending',
    ...timer,
    gsi1pk: timerBucket(dueMs, shardOf(timer.timerId, shards)),
    gsi1sk: `${timer.dueAt}#${timer.timerId}`,
  };
  return { Put: { TableName: tableName, Item: item } };
}

export function timerDelete(tableName: string, therapistId: string, id: string): TransactItem {
  return { Delete: { TableName: tableName, Key: keys.timer(therapistId, id) } };
}

/** The transaction part that marks a timer fired; it fails if another sweep got there first. */
export function timerFire(
  tableName: string,
  therapistId: string,
  id: string,
  now: Date,
  retentionMs: number,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.timer(therapistId, id),
      UpdateExpression: 'SET #status = :done, firedAt = :now, #ttl = :ttl REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':pending': 'pending',
        ':now': now.toISOString(),
        ':ttl': ttlFrom(now.getTime() + retentionMs),
      },
    },
  };
}

/**
 * Every item of one timer-index partition whose sort key (`<due ISO>#…`) is due at or before `now`,
 * oldest first, page by page: how the sweep finds timers and the calendar sync finds calendars.
 */
export async function* dueInPartition<T = Record<string, unknown>>(
  db: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  now: Date,
  projection?: string,
): AsyncGenerator<T> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: table.indexes.timers.name,
        KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk <= :upper',
        ExpressionAttributeValues: { ':partition': partition, ':upper': `${now.toISOString()}#\uffff` },
        ...(projection ? { ProjectionExpression: projection } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) yield item as T;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every pending timer due at or before `now`, oldest first, looking back `lookbackDays` buckets. */
export async function* dueTimers(
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
  lookbackDays: number,
  shards: number,
): AsyncGenerator<TimerItem> {
  const dayMs = 24 * 60 * 60 * 1000;
  for (let d = lookbackDays; d >= 0; d--) {
    const day = now.getTime() - d * dayMs;
    for (let shard = 0; shard < shards; shard++)
      yield* dueInPartition<TimerItem>(db, tableName, timerBucket(day, shard), now);
  }
}
