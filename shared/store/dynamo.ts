import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * The document client and the table's name, for the store functions that take them together
 * (shared/store/scheduling.ts); the store handle (shared/store/index.ts) binds them once.
 */
export interface TableAccess {
  readonly db: DynamoDBDocumentClient;
  readonly config: { readonly tableName: string };
}

export interface DynamoOptions {
  region: string;
  /** Set locally (DynamoDB Local); in AWS the SDK's default endpoint and credentials apply. */
  endpoint?: string;
}

export function createDocumentClient({ region, endpoint }: DynamoOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Epoch seconds for the TTL attribute. */
export const ttlFrom = (epochMs: number): number => Math.floor(epochMs / 1000);

/** DynamoDB deletes TTL-expired items lazily (and DynamoDB Local never does), so readers check. */
export const isLive = (item: { ttl?: number } | undefined, nowMs: number): boolean =>
  item !== undefined && (item.ttl === undefined || item.ttl * 1000 > nowMs);

/** True when a TransactWriteItems / conditional write failed on a condition (not throttling or I/O). */
export function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException') return true;
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/**
 * True when a write lost a race: its condition failed because something else changed the item first,
 * or DynamoDB cancelled its transaction for another one on the same items at the same moment. Nothing
 * of it was written, and the same request sent again can succeed. A use case that expects a condition
 * to fail catches it itself (isConditionFailure); one that reaches the HTTP layer is answered by
 * shared/http/problem.ts as "changed meanwhile", never as a server error.
 */
export function isLostRace(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionConflictException') return true;
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
  }
  return false;
}

/** Index of the first item whose condition failed in a cancelled transaction, or -1. */
export function failedConditionIndex(error: unknown): number {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return -1;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
}

/** Every item of a Query, following LastEvaluatedKey: the lists that read one partition's prefix. */
export async function queryAll<T>(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
