/**
 * Waiting-list entries (`WAITING#<entryId>`) and the one-open-entry-per-person guard
 * (`WAITING_EMAIL#<emailHash>`), both in the therapist's partition.
 *
 * Patterns:
 * - the list in joining order: one Query `begins_with(sk, 'WAITING#')` (entry ids are ULIDs of the
 *   moment of joining, so the sort key is the order);
 * - how many are ahead of one entry: one Query `sk BETWEEN 'WAITING#' AND 'WAITING#<id>'`, counted;
 * - one entry: GetItem, consistent.
 * Every change Puts the whole entry on condition of the version it read (see domain/waiting-list.ts).
 * Closed entries expire after the retention period, except `placed` ones: like an accepted enquiry,
 * the first contact of someone now coming to sessions is kept until erasure.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { onTheList, type WaitingEntry } from '../domain/waiting-list.js';
import { isLive, queryAll, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export interface WaitingEntryItem extends WaitingEntry {
  pk: string;
  sk: string;
  entity: 'waiting-entry';
  /** Keyed hash of the normalised email: finds a person's entries for erasure without the address. */
  emailHash: string;
  ttl?: number;
}

interface GuardItem {
  pk: string;
  sk: string;
  entity: 'waiting-guard';
  entryId: string;
  /** What the public answer names: random, so it says nothing about when the person joined. */
  publicId: string;
}

/** An entry with the keyed hash of its address, as stored. */
export type StoredWaitingEntry = WaitingEntry & { emailHash: string };

const DAY_MS = 24 * 60 * 60 * 1000;

const strip = ({ pk: _pk, sk: _sk, entity: _e, ttl: _t, ...entry }: WaitingEntryItem): StoredWaitingEntry => entry;

function itemOf(entry: StoredWaitingEntry, retentionDays: number): WaitingEntryItem {
  const expires =
    entry.closedAt && entry.status !== 'placed'
      ? { ttl: ttlFrom(Date.parse(entry.closedAt) + retentionDays * DAY_MS) }
      : {};
  return { ...keys.waitingEntry(entry.therapistId, entry.entryId), entity: 'waiting-entry', ...entry, ...expires };
}

/** The new entry and its guard; the guard's Put fails while the person has an open entry already. */
export function waitingEntryCreate(
  tableName: string,
  entry: StoredWaitingEntry,
  publicId: string,
  retentionDays: number,
): TransactItem[] {
  const guard: GuardItem = {
    ...keys.waitingByEmail(entry.therapistId, entry.emailHash),
    entity: 'waiting-guard',
    entryId: entry.entryId,
    publicId,
  };
  return [
    {
      Put: {
        TableName: tableName,
        Item: itemOf(entry, retentionDays),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: tableName, Item: guard, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
}

/** Index of the guard in `waitingEntryCreate`'s items, to recognise someone already on the list. */
export const guardIndexInJoin = 1;

/** The public id of the person's open entry, when they have one. */
export async function findWaitingGuard(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  emailHash: string,
): Promise<{ entryId: string; publicId: string } | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.waitingByEmail(therapistId, emailHash), ConsistentRead: true }),
  );
  const guard = Item as GuardItem | undefined;
  return guard ? { entryId: guard.entryId, publicId: guard.publicId } : undefined;
}

/**
 * The entry as `next`, only if it is still at the version of `read`. Closing an entry also frees
 * the person to join again later (the guard goes, if it is still this entry's).
 */
export function waitingEntryWrite(
  tableName: string,
  next: WaitingEntry,
  read: StoredWaitingEntry,
  retentionDays: number,
): TransactItem[] {
  const put: TransactItem = {
    Put: {
      TableName: tableName,
      Item: itemOf({ ...next, emailHash: read.emailHash }, retentionDays),
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':read': read.version },
    },
  };
  if (onTheList(next)) return [put];
  return [
    put,
    {
      Delete: {
        TableName: tableName,
        Key: keys.waitingByEmail(next.therapistId, read.emailHash),
        ConditionExpression: 'attribute_not_exists(pk) OR entryId = :entry',
        ExpressionAttributeValues: { ':entry': next.entryId },
      },
    },
  ];
}

export async function getWaitingEntry(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  entryId: string,
  now: Date,
): Promise<StoredWaitingEntry | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.waitingEntry(therapistId, entryId), ConsistentRead: true }),
  );
  const item = Item as WaitingEntryItem | undefined;
  return isLive(item, now.getTime()) ? strip(item!) : undefined;
}

/** Every entry, in the order people joined; closed ones past retention are left out. */
export async function listWaitingEntries(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  now: Date,
): Promise<StoredWaitingEntry[]> {
  const items = await queryAll<WaitingEntryItem>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.waitingPrefix },
  });
  return items.filter((item) => isLive(item, now.getTime())).map(strip);
}

/** How many people still on the list joined before this entry (a filter cannot name the sort key, so the entry itself is taken off after). */
export async function countAhead(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  entry: Pick<WaitingEntry, 'entryId' | 'status'>,
): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        // `WAITING#` sorts before every entry, and the entry's own key ends the range.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: '#status IN (:waiting, :offered)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': keys.therapistPk(therapistId),
          ':from': keys.waitingPrefix,
          ':to': keys.waitingEntry(therapistId, entry.entryId).sk,
          ':waiting': 'waiting',
          ':offered': 'offered',
        },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return onTheList(entry) ? Math.max(0, count - 1) : count;
}
