/**
 * The outbox item's sending states, each change conditional, so that a stream batch delivered
 * twice (or to two invocations at once), or the stream and the re-drive reaching the same item,
 * send each message once:
 *
 *   pending ──claim──► sending(lease) ──► sent | suppressed | failed      (leave the re-drive index)
 *      ▲                   │
 *      ├────release────────┤   (the stream's retry claims it again)
 *      └───reschedule──────┘   (the re-drive's backoff: due again later)
 *
 * A lease that outlives its holder (a timed-out invocation) expires, and the item can be claimed
 * again. Sent and suppressed items drop the message's personal data; failed items keep it so ops
 * can send it again once the cause is fixed, and it expires with the item's TTL.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, ttlFrom } from './dynamo.js';
import { outboxDue, outboxRetentionMs, type OutboxItem } from './outbox.js';

export interface OutboxKey {
  pk: string;
  sk: string;
}

export interface Lease {
  key: OutboxKey;
  leaseUntil: number;
}

export type ClaimResult =
  | { claimed: true; lease: Lease; item: Record<string, unknown> }
  /** Sent, suppressed, failed, or gone: nothing left to do. */
  | { claimed: false; reason: 'done' }
  /** Another invocation holds a live lease; it may yet fail, so the caller retries later. */
  | { claimed: false; reason: 'leased' };

type Status = OutboxItem['status'];
const status = (s: Status) => s;

export class OutboxLeases {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** `redrive` also counts the claim as a re-drive attempt (`redrives`), which the backoff and the bound read. */
  async claim(key: OutboxKey, now: Date, leaseMs: number, options: { redrive?: boolean } = {}): Promise<ClaimResult> {
    const leaseUntil = now.getTime() + leaseMs;
    const counted = options.redrive ? ', redrives = if_not_exists(redrives, :zero) + :one' : '';
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET #status = :sending, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one${counted}`,
          ConditionExpression:
            'attribute_exists(pk) AND (#status = :pending OR (#status = :sending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': status('sending'),
            ':pending': status('pending'),
            ':lease': leaseUntil,
            ':now': now.getTime(),
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, lease: { key, leaseUntil }, item: Attributes ?? {} };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: '#status, leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    const live = Item?.status === 'sending' && typeof Item.leaseUntil === 'number' && Item.leaseUntil >= now.getTime();
    return { claimed: false, reason: live ? 'leased' : 'done' };
  }

  /** Records the send. False when the lease was lost meanwhile (the email went out regardless). */
  markSent(lease: Lease, now: Date, providerMessageId: string): Promise<boolean> {
    return this.finish(
      lease,
      'SET #status = :to, sentAt = :now, providerMessageId = :pid REMOVE leaseUntil, errorName, gsi1pk, gsi1sk, #message.#data, #message.#recipient, #message.fromName',
      {
        ':to': status('sent'),
        ':now': now.toISOString(),
        ':pid': providerMessageId,
      },
    );
  }

  markSuppressed(lease: Lease, now: Date): Promise<boolean> {
    return this.finish(
      lease,
      'SET #status = :to, suppressedAt = :now REMOVE leaseUntil, errorName, gsi1pk, gsi1sk, #message.#data, #message.#recipient, #message.fromName',
      {
        ':to': status('suppressed'),
        ':now': now.toISOString(),
      },
    );
  }

  /**
   * `errorName` is an error's name (e.g. MessageRejected), never its message, which may hold an
   * address. Kept for the retention from now, so ops have that long to send it again whenever it failed.
   */
  markFailed(lease: Lease, now: Date, errorName: string): Promise<boolean> {
    return this.finish(
      lease,
      'SET #status = :to, failedAt = :now, errorName = :error, #ttl = :ttl REMOVE leaseUntil, gsi1pk, gsi1sk',
      {
        ':to': status('failed'),
        ':now': now.toISOString(),
        ':error': errorName,
        ':ttl': ttlFrom(now.getTime() + outboxRetentionMs),
      },
    );
  }

  /**
   * Back to pending, due for the re-drive again at `dueMs`. The item is kept for the retention from
   * then, so it is never removed while the re-drive still has attempts to make.
   */
  reschedule(lease: Lease, dueMs: number, errorName: string): Promise<boolean> {
    const messageId = lease.key.pk.slice('OUTBOX#'.length);
    const due = outboxDue(messageId, dueMs);
    return this.finish(
      lease,
      'SET #status = :to, gsi1pk = :bucket, gsi1sk = :due, errorName = :error, #ttl = :ttl REMOVE leaseUntil',
      {
        ':to': status('pending'),
        ':bucket': due.gsi1pk,
        ':due': due.gsi1sk,
        ':error': errorName,
        ':ttl': ttlFrom(dueMs + outboxRetentionMs),
      },
    );
  }

  /** Back to pending, so the stream's retry (or a later delivery) can claim it at once. */
  release(lease: Lease): Promise<boolean> {
    return this.finish(lease, 'SET #status = :to REMOVE leaseUntil', { ':to': status('pending') });
  }

  private async finish(lease: Lease, update: string, values: Record<string, unknown>): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    if (update.includes('#message'))
      Object.assign(names, { '#message': 'message', '#data': 'data', '#recipient': 'to' });
    if (update.includes('#ttl')) names['#ttl'] = 'ttl';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: lease.key,
          UpdateExpression: update,
          // Only the holder of this very lease may move the item on.
          ConditionExpression: '#status = :sending AND leaseUntil = :lease',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':sending': status('sending'), ':lease': lease.leaseUntil },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
