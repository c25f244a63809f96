/**
 * Transactional outbox: an email is an item written in the same TransactWriteItems as the state
 * change that causes it. The table stream delivers the INSERT to the mailer; the item itself is the
 * truth. Until it is sent (or suppressed, or failed) it carries gsi1 keys that make it due for the
 * re-drive a grace period after it was written, so an email the stream never delivered (an outage
 * past the stream's retries, a stream position lost) is still found, by a Query and not a Scan.
 */
import { createHash } from 'node:crypto';
import { QueryCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ttlFrom } from './dynamo.js';
import { keys, outboxDueBucket } from './keys.js';
import { attemptsCovering, redriveGraceMs } from './redrive-schedule.js';
import { table } from './table.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const OUTBOX_ENTITY = 'outbox';
/**
 * How long an outbox item is kept: from its creation while it waits (each re-drive attempt moves
 * that on), and from when it was sent, suppressed or failed for support.
 */
export const outboxRetentionMs = 30 * 24 * 60 * 60 * 1000;
/** Re-drive attempts before an email is marked failed: enough to outlast an outage as long as the retention. */
export const maxRedrives = attemptsCovering(outboxRetentionMs);
/**
 * Fixed, unlike the timers' setting: an outbox item leaves the index within seconds of being
 * written, so the shards only spread writes, and a fixed count can never strand an item.
 */
export const outboxShards = 4;

/**
 * What the store knows of a message: its id keys the item. The message catalogue and how a message
 * is kept small are the email layer's (shared/email/outbox-put.ts); the store keeps it as data.
 */
export interface OutboxEnvelope {
  readonly id: string;
}

export interface OutboxItem<M extends OutboxEnvelope = OutboxEnvelope> {
  pk: string;
  sk: string;
  entity: typeof OUTBOX_ENTITY;
  message: M;
  status: 'pending' | 'sending' | 'sent' | 'suppressed' | 'failed';
  createdAt: string;
  /** Every claim, by the stream or the re-drive. */
  attempts?: number;
  /** The re-drive's claims only: what the backoff and the bound count. */
  redrives?: number;
  leaseUntil?: number;
  sentAt?: string;
  providerMessageId?: string;
  errorName?: string;
  /** While not finished: `OUTBOX_DUE#<shard>` / `<next re-drive ISO>#<message id>`. */
  gsi1pk?: string;
  gsi1sk?: string;
  ttl?: number;
}

const shardOf = (messageId: string): number =>
  createHash('sha1').update(messageId).digest().readUInt16BE(0) % outboxShards;

/** The gsi1 keys that make an unfinished outbox item due for the re-drive at `dueMs`. */
export const outboxDue = (messageId: string, dueMs: number): { gsi1pk: string; gsi1sk: string } => ({
  gsi1pk: outboxDueBucket(shardOf(messageId)),
  gsi1sk: `${new Date(dueMs).toISOString()}#${messageId}`,
});

/** The Put of a message as it is to be stored (shared/email/outbox-put.ts makes it small first). */
export function outboxItemPut(tableName: string, stored: OutboxEnvelope, now: Date): TransactItem {
  const item: OutboxItem = {
    ...keys.outbox(stored.id),
    entity: OUTBOX_ENTITY,
    message: stored,
    status: 'pending',
    createdAt: now.toISOString(),
    ...outboxDue(stored.id, now.getTime() + redriveGraceMs),
    ttl: ttlFrom(now.getTime() + outboxRetentionMs),
  };
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

export interface DueOutboxItem {
  pk: string;
  sk: string;
  gsi1sk: string;
}

/**
 * Every unfinished outbox item due by `now`, the longest-waiting first across the shards. Keys only:
 * the caller claims each item, which reads it whole and consistently (the index may lag).
 */
export async function* dueOutbox(
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
  pageSize = 50,
): AsyncGenerator<DueOutboxItem> {
  const upper = `${now.toISOString()}#\uffff`;
  const shards = Array.from({ length: outboxShards }, (_, shard) => ({
    shard,
    items: [] as DueOutboxItem[],
    startKey: undefined as Record<string, unknown> | undefined,
    done: false,
  }));
  const fill = async (s: (typeof shards)[number]): Promise<void> => {
    while (s.items.length === 0 && !s.done) {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: table.indexes.timers.name,
          KeyConditionExpression: 'gsi1pk = :bucket AND gsi1sk <= :upper',
          ExpressionAttributeValues: { ':bucket': outboxDueBucket(s.shard), ':upper': upper },
          ProjectionExpression: 'pk, sk, gsi1sk',
          Limit: pageSize,
          ExclusiveStartKey: s.startKey,
        }),
      );
      s.items = (page.Items ?? []) as DueOutboxItem[];
      s.startKey = page.LastEvaluatedKey;
      s.done = !s.startKey;
    }
  };
  for (;;) {
    await Promise.all(shards.map(fill));
    let next: (typeof shards)[number] | undefined;
    for (const s of shards) if (s.items[0] && (!next || s.items[0].gsi1sk < next.items[0]!.gsi1sk)) next = s;
    if (!next) return;
    yield next.items.shift()!;
  }
}
