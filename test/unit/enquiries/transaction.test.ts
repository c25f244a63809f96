import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { TransactItem } from '#shared/store/outbox.js';
import { writeTransaction } from '#shared/store/transaction.js';

const db = { send: async () => ({}) } as unknown as DynamoDBDocumentClient;
const put = (sk: string): TransactItem => ({ Put: { TableName: 't', Item: { pk: 'p', sk } } });

describe('writeTransaction', () => {
  it('refuses more than 100 items before DynamoDB does', async () => {
    await expect(
      writeTransaction(
        db,
        Array.from({ length: 101 }, (_, i) => put(String(i))),
      ),
    ).rejects.toThrow(/100/);
    await expect(
      writeTransaction(
        db,
        Array.from({ length: 100 }, (_, i) => put(String(i))),
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses two operations on the same item', async () => {
    await expect(
      writeTransaction(db, [put('a'), { Delete: { TableName: 't', Key: { pk: 'p', sk: 'a' } } }]),
    ).rejects.toThrow(/same item/);
  });
});
