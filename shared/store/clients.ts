/**
 * Client records: a person who works with a therapist. Minimal for now (a consultation's "continue"
 * makes one); the breaks and rebooking journey extends it. A guard item keyed by the keyed email hash
 * makes one record per person per therapist, so "continue" twice for the same person activates the
 * record that exists instead of making a second one.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export type ClientStatus = 'active' | 'paused';

export interface ClientRecord {
  clientId: string;
  therapistId: string;
  name: string;
  email: string;
  /** Keyed hash of the normalised email (store/email-hash.ts): finds the person without the address. */
  emailHash: string;
  status: ClientStatus;
  sessionLengthMinutes?: number;
  createdAt: string;
  updatedAt: string;
  /** The enquiry the person first came through, when they came through one. */
  fromEnquiryId?: string;
}

interface ClientItem extends ClientRecord {
  pk: string;
  sk: string;
  entity: 'client';
}

interface ClientGuardItem {
  pk: string;
  sk: string;
  entity: 'client-guard';
  clientId: string;
}

const strip = ({ pk: _pk, sk: _sk, entity: _e, ...client }: ClientItem): ClientRecord => client;

/** The client and its email guard; the guard's condition fails when the person is already a client. */
export function clientCreate(tableName: string, client: ClientRecord): TransactItem[] {
  const item: ClientItem = { ...keys.client(client.therapistId, client.clientId), entity: 'client', ...client };
  const guard: ClientGuardItem = { ...keys.clientByEmail(client.therapistId, client.emailHash), entity: 'client-guard', clientId: client.clientId };
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName, Item: guard, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Makes an existing client active again (e.g. a second consultation that continues). */
export function clientActivate(tableName: string, therapistId: string, clientId: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.client(therapistId, clientId),
      UpdateExpression: 'SET #status = :active, updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active', ':now': now.toISOString() },
    },
  };
}

export async function findClientIdByEmail(db: DynamoDBDocumentClient, tableName: string, therapistId: string, emailHash: string): Promise<string | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.clientByEmail(therapistId, emailHash), ConsistentRead: true }));
  return (Item as ClientGuardItem | undefined)?.clientId;
}

export async function getClient(db: DynamoDBDocumentClient, tableName: string, therapistId: string, clientId: string): Promise<ClientRecord | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.client(therapistId, clientId), ConsistentRead: true }));
  return Item ? strip(Item as ClientItem) : undefined;
}
