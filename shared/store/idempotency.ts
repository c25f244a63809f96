/**
 * Idempotency-Key records: a retry with the same key and body gets the first answer; the same key
 * with another body is refused. A record is claimed before the work runs so two concurrent retries
 * cannot both act.
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, isLive, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';

export interface StoredResponse {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

const retentionMs = 24 * 60 * 60 * 1000;
/** A claim whose work crashed is taken over after this long. */
const inProgressMs = 60 * 1000;

interface IdempotencyItem {
  requestHash: string;
  state: 'in-progress' | 'done';
  response?: StoredResponse;
  ttl: number;
}

export class IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(scopeHash: string, requestHash: string, nowMs: number): Promise<IdempotencyClaim> {
    const key = keys.idempotency(scopeHash);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, requestHash, state: 'in-progress', ttl: ttlFrom(nowMs + inProgressMs) },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': ttlFrom(nowMs) },
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const item = Item as IdempotencyItem | undefined;
    if (!isLive(item, nowMs)) return this.claim(scopeHash, requestHash, nowMs);
    if (item!.requestHash !== requestHash) return { kind: 'mismatch' };
    if (item!.state === 'done' && item!.response) return { kind: 'replay', response: item!.response };
    return { kind: 'in-progress' };
  }

  async complete(scopeHash: string, requestHash: string, response: StoredResponse, nowMs: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.idempotency(scopeHash),
          requestHash,
          state: 'done',
          response,
          ttl: ttlFrom(nowMs + retentionMs),
        },
      }),
    );
  }

  /** The work failed unexpectedly: let a retry run it again. */
  async release(scopeHash: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(scopeHash) }));
  }
}
