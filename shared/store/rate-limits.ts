/**
 * Fixed-window rate-limit counters: one item per subject per window, bumped with one UpdateItem ADD.
 * The window start is in the key, so a counter from an earlier window is never read again (that is how
 * an expired counter counts as absent even where TTL deletion lags or, in DynamoDB Local, never comes).
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ttlFrom } from './dynamo.js';
import { keys } from './keys.js';

export interface RateLimit {
  /** What is limited, e.g. `enquiry-address`. */
  scope: string;
  /** A keyed hash of the subject (client address, email). */
  subjectHash: string;
  limit: number;
  windowMs: number;
}

export type RateDecision =
  | { allowed: true; count: number }
  | { allowed: false; count: number; retryAfterSeconds: number };

/** Counts this request and says whether it is within the limit. Refused requests count too. */
export async function hitRateLimit(
  db: DynamoDBDocumentClient,
  tableName: string,
  limit: RateLimit,
  now: Date,
): Promise<RateDecision> {
  const windowStart = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  const windowEnd = windowStart + limit.windowMs;
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.rate(limit.scope, limit.subjectHash, new Date(windowStart).toISOString()),
      UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl), entity = :entity',
      ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': ttlFrom(windowEnd), ':entity': 'rate' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const count = Number(Attributes?.count ?? 1);
  if (count <= limit.limit) return { allowed: true, count };
  return { allowed: false, count, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) };
}
