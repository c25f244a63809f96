/**
 * Suppressed addresses (hard bounces, complaints) are stored under the keyed email hash
 * (shared/store/email-hash.ts), so the table never holds a plain list of people who bounced or
 * complained.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isLive } from '../store/dynamo.js';
import { keys } from '../store/keys.js';

export async function isSuppressed(db: DynamoDBDocumentClient, tableName: string, emailHash: string, nowMs: number): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.suppression(emailHash), ConsistentRead: true }));
  return isLive(Item as { ttl?: number } | undefined, nowMs);
}
