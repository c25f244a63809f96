/**
 * Client records: a person who works with a therapist (see domain/client.ts for the lifecycle).
 * A guard item keyed by the keyed email hash makes one record per person per therapist, so
 * "continue" twice, or bringing in someone who is already a client, finds the record that exists
 * instead of making a second one.
 *
 * Access patterns (all in the therapist's partition, so a foreign id is simply not found):
 * - one client: GetItem pk=THERAPIST#<t>, sk=CLIENT#<clientId>
 * - a person by email: GetItem sk=CLIENT_EMAIL#<keyed hash> → clientId, then the client
 * - the client list: Query pk=THERAPIST#<t> AND begins_with(sk, 'CLIENT#') (CLIENT_EMAIL# guards do
 *   not match: '#' is not '_'), status as a filter. Client ids are ULIDs, so the list comes in the
 *   order people became clients. No GSI: a practice has hundreds of clients at most, and the status
 *   filter reads the same few pages as an index would.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Client, ClientStatus, ClientStatusChange } from '../domain/client.js';
import { queryAll } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export type { ClientStatus } from '../domain/client.js';
export type ClientRecord = Client;

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

/** Index of the email guard in clientCreate's parts: its condition failing means "already a client". */
export const clientGuardIndexInCreate = 1;

/** The client and its email guard; the guard's condition fails when the person is already a client. */
export function clientCreate(tableName: string, client: ClientRecord): TransactItem[] {
  const history: ClientStatusChange[] = client.statusHistory ?? [{ status: client.status, at: client.createdAt }];
  const item: ClientItem = {
    ...keys.client(client.therapistId, client.clientId),
    entity: 'client',
    statusChangedAt: client.createdAt,
    ...client,
    statusHistory: history,
  };
  const guard: ClientGuardItem = {
    ...keys.clientByEmail(client.therapistId, client.emailHash),
    entity: 'client-guard',
    clientId: client.clientId,
  };
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName, Item: guard, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Makes an existing client active again (e.g. a second consultation that continues), with the change dated. */
export function clientActivate(tableName: string, therapistId: string, clientId: string, now: Date): TransactItem {
  const change: ClientStatusChange = { status: 'active', at: now.toISOString() };
  return {
    Update: {
      TableName: tableName,
      Key: keys.client(therapistId, clientId),
      UpdateExpression:
        'SET #status = :active, updatedAt = :now, statusChangedAt = :now, statusHistory = list_append(if_not_exists(statusHistory, :none), :change)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active', ':now': now.toISOString(), ':none': [], ':change': [change] },
    },
  };
}

/**
 * A status change (pause, end, resume) as one Update: sets what changed, removes what the new
 * status no longer has (`remove`), appends the dated change to the history. It fails when the status
 * is no longer the one the change was decided from, so two changes racing cannot both win.
 */
export function clientChange(
  tableName: string,
  client: Pick<ClientRecord, 'therapistId' | 'clientId' | 'status'>,
  set: Partial<Omit<ClientRecord, 'clientId' | 'therapistId' | 'statusHistory'>>,
  change: ClientStatusChange,
  now: Date,
  remove: (keyof ClientRecord)[] = [],
): TransactItem {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':from': client.status,
    ':now': now.toISOString(),
    ':none': [],
    ':change': [change],
  };
  const sets = ['updatedAt = :now', 'statusHistory = list_append(if_not_exists(statusHistory, :none), :change)'];
  for (const [field, value] of Object.entries({ ...set })) {
    if (value === undefined || field === 'updatedAt') continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  const removals = remove
    .filter((f) => set[f as keyof typeof set] === undefined)
    .map((f) => {
      names[`#${f}`] = f;
      return `#${f}`;
    });
  return {
    Update: {
      TableName: tableName,
      Key: keys.client(client.therapistId, client.clientId),
      UpdateExpression: `SET ${sets.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(pk) AND #status = :from',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * For the booking use case: the client becomes active again when they book. Pass the client as read
 * (one GetItem by the invitation's clientId); an active client needs nothing, so this is [] then.
 * The part has no status condition, so a booking never fails because of it; at worst a race with a
 * pause records one extra dated change.
 */
export function clientResume(
  tableName: string,
  client: Pick<ClientRecord, 'therapistId' | 'clientId' | 'status'>,
  now: Date,
): TransactItem[] {
  if (client.status === 'active') return [];
  const at = now.toISOString();
  const change: ClientStatusChange = { status: 'active', at };
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.client(client.therapistId, client.clientId),
        UpdateExpression:
          'SET #status = :active, updatedAt = :now, statusChangedAt = :now, resumedAt = :now, statusHistory = list_append(if_not_exists(statusHistory, :none), :change) REMOVE expectedReturn',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':now': at, ':none': [], ':change': [change] },
      },
    },
  ];
}

/** A return request is waiting: one at a time per client (the condition fails if one already is). */
export function clientOpenReturn(
  tableName: string,
  therapistId: string,
  clientId: string,
  returnId: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.client(therapistId, clientId),
      UpdateExpression: 'SET openReturnId = :id',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openReturnId)',
      ExpressionAttributeValues: { ':id': returnId },
    },
  };
}

/** The therapist answered the return request: the client may ask again later. */
export function clientCloseReturn(
  tableName: string,
  therapistId: string,
  clientId: string,
  returnId: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.client(therapistId, clientId),
      UpdateExpression: 'REMOVE openReturnId',
      ConditionExpression: 'openReturnId = :id',
      ExpressionAttributeValues: { ':id': returnId },
    },
  };
}

export async function findClientIdByEmail(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  emailHash: string,
): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.clientByEmail(therapistId, emailHash), ConsistentRead: true }),
  );
  return (Item as ClientGuardItem | undefined)?.clientId;
}

export async function getClient(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  clientId: string,
): Promise<ClientRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.client(therapistId, clientId), ConsistentRead: true }),
  );
  return Item ? strip(Item as ClientItem) : undefined;
}

/** No client id is ever this (ids are ULIDs or UUIDs): reading it costs what reading a real client costs. */
const nobody = '~nobody';

/**
 * A person by keyed email hash, in two reads whether or not they are a client: the guard, then the
 * client it names or a key that never exists. A public caller must not learn from the time taken
 * whether an address belongs to someone's client.
 */
export async function findClientByEmailHash(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  emailHash: string,
): Promise<ClientRecord | undefined> {
  const clientId = await findClientIdByEmail(db, tableName, therapistId, emailHash);
  const client = await getClient(db, tableName, therapistId, clientId ?? nobody);
  return clientId ? client : undefined;
}

/** The therapist's clients in the order they became clients, optionally of one status. */
export async function listClients(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  status?: ClientStatus,
): Promise<ClientRecord[]> {
  const items = await queryAll<ClientItem>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ...(status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
    ExpressionAttributeValues: {
      ':pk': keys.therapistPk(therapistId),
      ':prefix': 'CLIENT#',
      ...(status ? { ':status': status } : {}),
    },
  });
  return items.map(strip);
}
