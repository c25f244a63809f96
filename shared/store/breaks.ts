/**
 * Therapist break items. A break lives at SCHED#BREAK#<breakId> in the therapist's partition, so the
 * slot engine's one schedule Query (store/scheduling.ts loadSchedule) reads it as
 * `{ breakId, start, end, message? }`; everything else on the item is for the breaks feature.
 *
 * Race-safe overlap check: creating a break reads every break of the therapist, checks overlap in
 * memory, and writes the break together with an update of one per-therapist "break ledger" item
 * conditioned on the ledger version it read. Two overlapping breaks created at once both read the
 * same version; only one transaction can move it on, the other fails whole and re-checks. Per-day
 * marker items would guard the same way but cost one item per day (a six-month break would not fit
 * in a 100-item transaction); the ledger costs one item whatever the length.
 *
 * Who heard what is kept on the break as string sets (noticedClients, invitedClients,
 * remindedClients), each added in the same transaction as the emails it records, so a delete knows
 * exactly whom to correct and a re-fired timer never writes to the same person twice.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientRecord } from './clients.js';
import type { TherapistBreak } from './scheduling.js';
import { isLive, queryAll, ttlFrom } from './dynamo.js';
import { breakByTime, keys } from './keys.js';
import type { TransactItem } from './outbox.js';

// Two keys of this feature not yet in keys.ts (owned elsewhere); they move there in one line each.
// Neither starts with SCHED#, so loadSchedule never reads them as breaks.
export const breakKeys = {
  /** One per therapist: its version moves on with every new break (the overlap guard). */
  ledger: keys.breakLedger,
  /** A deleted break whose clients had the notice: what the correction timer reads. */
  withdrawn: keys.withdrawnBreak,
};

export type ClientSet = 'noticedClients' | 'invitedClients' | 'remindedClients';

export interface StoredBreak extends TherapistBreak {
  therapistId: string;
  /** The zone its dates were read in when it was made. */
  timeZone: string;
  createdAt: string;
  noticeAt: string;
  welcomeBackAt: string;
  earlyWindowEndsAt: string;
  noticeSentAt?: string;
  welcomeBackSentAt?: string;
  noticedClients: string[];
  invitedClients: string[];
  remindedClients: string[];
  /** Moves on with every write to the item, so a delete can be conditioned on what it read. */
  revision: number;
}

interface BreakItem extends Omit<StoredBreak, ClientSet> {
  pk: string;
  sk: string;
  entity: 'therapist-break';
  /** In the bookings' gsi2 collection, so the calendar feed reads breaks and bookings in one Query (keys.ts breakByTime). */
  gsi2pk?: string;
  gsi2sk?: string;
  noticedClients?: Set<string>;
  invitedClients?: Set<string>;
  remindedClients?: Set<string>;
  ttl: number;
}

export interface WithdrawnBreak {
  therapistId: string;
  breakId: string;
  start: string;
  end: string;
  /** Who had the notice, and so gets the correction. */
  noticedClients: string[];
  correctedClients: string[];
  withdrawnAt: string;
}

interface WithdrawnItem extends Omit<WithdrawnBreak, 'noticedClients' | 'correctedClients'> {
  pk: string;
  sk: string;
  entity: 'break-withdrawn';
  noticedClients?: Set<string>;
  correctedClients?: Set<string>;
  ttl: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const list = (s: Set<string> | undefined): string[] => [...(s ?? [])].sort();

function fromItem(item: BreakItem): StoredBreak {
  const {
    pk: _pk,
    sk: _sk,
    entity: _e,
    ttl: _t,
    gsi2pk: _g,
    gsi2sk: _s,
    noticedClients,
    invitedClients,
    remindedClients,
    ...rest
  } = item;
  return {
    ...rest,
    noticedClients: list(noticedClients),
    invitedClients: list(invitedClients),
    remindedClients: list(remindedClients),
  };
}

/** A break is kept `retentionDays` after its last day (GET shows history until then), then expires. */
export const breakTtl = (end: string, retentionDays: number): number =>
  ttlFrom(Date.parse(`${end}T00:00:00Z`) + DAY_MS * (1 + retentionDays));

export async function listBreaks(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  now: Date,
): Promise<StoredBreak[]> {
  const items = await queryAll<BreakItem>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': keys.therapistPk(therapistId),
      ':prefix': keys.therapistBreak(therapistId, '').sk,
    },
    ConsistentRead: true,
  });
  const out = items.filter((item) => isLive(item, now.getTime())).map(fromItem);
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

export async function getBreak(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  breakId: string,
  now: Date,
): Promise<StoredBreak | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.therapistBreak(therapistId, breakId), ConsistentRead: true }),
  );
  const item = Item as BreakItem | undefined;
  return isLive(item, now.getTime()) ? fromItem(item!) : undefined;
}

export async function getLedgerVersion(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<number> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: breakKeys.ledger(therapistId), ConsistentRead: true }),
  );
  return typeof Item?.version === 'number' ? Item.version : 0;
}

/** The break, and the ledger moved on from the version read (index 1 fails when another break got in first). */
export function breakCreate(
  tableName: string,
  b: Omit<StoredBreak, ClientSet | 'revision'>,
  ledgerVersion: number,
  retentionDays: number,
): TransactItem[] {
  const item: BreakItem = {
    ...keys.therapistBreak(b.therapistId, b.breakId),
    entity: 'therapist-break',
    ...b,
    ...breakByTime(b.therapistId, b.end, b.breakId),
    revision: 0,
    ttl: breakTtl(b.end, retentionDays),
  };
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        TableName: tableName,
        Key: breakKeys.ledger(b.therapistId),
        UpdateExpression: 'SET entity = :entity, version = :next',
        ConditionExpression: ledgerVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
        ExpressionAttributeValues: {
          ':entity': 'break-ledger',
          ':next': ledgerVersion + 1,
          ...(ledgerVersion === 0 ? {} : { ':read': ledgerVersion }),
        },
      },
    },
  ];
}

/** Deletes the break only if nothing was written to it since it was read (a notice batch, say). */
export function breakDelete(
  tableName: string,
  b: Pick<StoredBreak, 'therapistId' | 'breakId' | 'revision'>,
): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: keys.therapistBreak(b.therapistId, b.breakId),
      ConditionExpression: 'revision = :revision',
      ExpressionAttributeValues: { ':revision': b.revision },
    },
  };
}

/**
 * Records that `clientIds` were written to (in the same transaction as their emails). Fails when the
 * break is gone — a delete won — so nobody is told about a break that no longer exists.
 */
export function breakClientsAdded(
  tableName: string,
  therapistId: string,
  breakId: string,
  set: ClientSet,
  clientIds: string[],
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.therapistBreak(therapistId, breakId),
      UpdateExpression: 'ADD #set :ids, revision :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#set': set },
      ExpressionAttributeValues: { ':ids': new Set(clientIds), ':one': 1 },
    },
  };
}

/** One reminder per client per break: the condition refuses a second. */
export function breakReminderAdded(
  tableName: string,
  therapistId: string,
  breakId: string,
  clientId: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.therapistBreak(therapistId, breakId),
      UpdateExpression: 'ADD remindedClients :ids, revision :one',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(remindedClients) OR NOT contains(remindedClients, :id))',
      ExpressionAttributeValues: { ':ids': new Set([clientId]), ':id': clientId, ':one': 1 },
    },
  };
}

/** Marks a step of the break done (the timer's own transaction). */
export function breakStepDone(
  tableName: string,
  therapistId: string,
  breakId: string,
  step: 'noticeSentAt' | 'welcomeBackSentAt',
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.therapistBreak(therapistId, breakId),
      UpdateExpression: 'SET #step = if_not_exists(#step, :now) ADD revision :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':now': now.toISOString(), ':one': 1 },
    },
  };
}

export function withdrawnPut(
  tableName: string,
  w: Omit<WithdrawnBreak, 'correctedClients'>,
  retentionDays: number,
): TransactItem {
  const item: WithdrawnItem = {
    ...breakKeys.withdrawn(w.therapistId, w.breakId),
    entity: 'break-withdrawn',
    therapistId: w.therapistId,
    breakId: w.breakId,
    start: w.start,
    end: w.end,
    withdrawnAt: w.withdrawnAt,
    ...(w.noticedClients.length > 0 ? { noticedClients: new Set(w.noticedClients) } : {}),
    ttl: ttlFrom(Date.parse(w.withdrawnAt) + retentionDays * DAY_MS),
  };
  return { Put: { TableName: tableName, Item: item } };
}

export function withdrawnCorrected(
  tableName: string,
  therapistId: string,
  breakId: string,
  clientIds: string[],
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: breakKeys.withdrawn(therapistId, breakId),
      UpdateExpression: 'ADD correctedClients :ids',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':ids': new Set(clientIds) },
    },
  };
}

export async function getWithdrawn(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  breakId: string,
  now: Date,
): Promise<WithdrawnBreak | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: breakKeys.withdrawn(therapistId, breakId), ConsistentRead: true }),
  );
  const item = Item as WithdrawnItem | undefined;
  if (!isLive(item, now.getTime())) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ttl: _t, noticedClients, correctedClients, ...rest } = item!;
  return { ...rest, noticedClients: list(noticedClients), correctedClients: list(correctedClients) };
}
