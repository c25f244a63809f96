/**
 * Readiness: can this function read the table right now? One eventually consistent GetItem of a key
 * that never holds an item: the cheapest request that still goes through the network path, the
 * role's permissions, the table's existence and its KMS key. Bounded in time, so a probe learns of
 * a hung path in seconds rather than at the function's timeout.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';

export type TableReadiness = { ready: true } | { ready: false; errorName: string };

export async function tableReadiness(
  db: DynamoDBDocumentClient,
  tableName: string,
  timeoutMs = 2000,
): Promise<TableReadiness> {
  try {
    await db.send(new GetCommand({ TableName: tableName, Key: keys.readiness, ProjectionExpression: 'pk' }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    return { ready: true };
  } catch (error) {
    return { ready: false, errorName: error instanceof Error ? error.name : typeof error };
  }
}
