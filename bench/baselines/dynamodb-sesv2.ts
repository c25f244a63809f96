/** The bare mailer baseline: the DynamoDB baseline plus the SES v2 client and one SendEmail. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

let db: DynamoDBDocumentClient | undefined;
let ses: SESv2Client | undefined;

export const handler = async (event: { pk: string; sk: string; raw: string }): Promise<unknown> => {
  db ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  ses ??= new SESv2Client({});
  const { Item } = await db.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pk, sk: event.sk } }),
  );
  if (!Item) return undefined;
  const { MessageId } = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(event.raw) } } }));
  return MessageId;
};
