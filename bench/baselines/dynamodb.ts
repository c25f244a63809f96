/**
 * The bare DynamoDB baseline: the DynamoDB client and the document client, one GetItem. The client
 * is built on the first call, as every Threshold function builds its own (shared/runtime.ts), so an
 * import measures the code's weight on both sides.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

let db: DynamoDBDocumentClient | undefined;

export const handler = async (event: { pk: string; sk: string }): Promise<unknown> => {
  db ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { Item } = await db.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pk, sk: event.sk } }),
  );
  return Item;
};
