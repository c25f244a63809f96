/**
 * Writes a state change with its outbox items and timers in one TransactWriteItems. Checks the two
 * rules DynamoDB would otherwise reject at run time with a less helpful error: at most 100 items, and
 * no two operations on the same item.
 */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './outbox.js';

export const maxTransactItems = 100;

function keyOf(item: TransactItem): string {
  const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
  const key = item.Put
    ? { pk: item.Put.Item?.pk, sk: item.Put.Item?.sk }
    : (op as { Key?: Record<string, unknown> }).Key;
  return `${op?.TableName}|${String(key?.pk)}|${String(key?.sk)}`;
}

export async function writeTransaction(db: DynamoDBDocumentClient, items: TransactItem[]): Promise<void> {
  if (items.length === 0) return;
  if (items.length > maxTransactItems)
    throw new Error(`A transaction can hold ${maxTransactItems} items; this one has ${items.length}.`);
  const seen = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (seen.has(key)) throw new Error('A transaction touches the same item twice; DynamoDB would reject it.');
    seen.add(key);
  }
  await db.send(new TransactWriteCommand({ TransactItems: items }));
}
