/**
 * Busy calendars: the therapist's own calendars (by address) whose busy times block slots. One item
 * per calendar at SCHED#BUSY#<calendarId>, so the schedule Query that offers slots reads their busy
 * intervals with everything else (store/scheduling.ts loadSchedule). The item holds the address, the
 * sync state (last success, last attempt, failures, the problem) and the busy intervals of the last
 * good read — instants only, never a title.
 *
 * Timers as data: every calendar carries in gsi1 the time it is next due (`BUSYSYNC#<shard>` /
 * `<dueAt>#<therapistId>#<calendarId>`). The sync function queries the due ones, claims each with a
 * condition on that sort key (marking the attempt failed, due again after its backoff, so an
 * overlapping run never takes it and a crashed one has counted its failure: SyncAttempt), and writes
 * the result conditioned on its claim (a calendar removed or replaced meanwhile is left alone).
 *
 * Access patterns: list (Query begins_with SCHED#BUSY#, consistent), due calendars (Query gsi1 per
 * shard, sk <= now), claim and result (UpdateItem, conditional), replace the list (one transaction
 * guarded by a per-therapist ledger version, as breaks are).
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CalendarProblemCode } from '../calendars/calendar-problem.js';
import type { BusyInterval } from '../domain/slots/types.js';
import { isConditionFailure, queryAll } from './dynamo.js';
import { busyCalendarSync, busyCalendarSyncPartition, keys } from './keys.js';
import type { TransactItem } from './outbox.js';
import { dueInPartition, shardOf } from './timers.js';

export const BUSY_CALENDAR_ENTITY = 'busy-calendar';
export const maxBusyCalendars = 5;
const MINUTE_MS = 60_000;

export interface BusyCalendarSource {
  label: string;
  url: string;
}

export interface CalendarProblemRecord {
  code: CalendarProblemCode;
  httpStatus?: number;
}

export interface StoredBusyCalendar extends BusyCalendarSource {
  calendarId: string;
  therapistId: string;
  /** Where it sits in the therapist's list. */
  position: number;
  createdAt: string;
  /** Busy intervals of the last good read, epoch ms (stored to the minute, rounded outwards). */
  busy: BusyInterval[];
  /** When a read last worked; absent until the first one does. */
  lastSyncedAt?: string;
  lastAttemptAt?: string;
  /** Failed reads since the last good one: the backoff grows with it. */
  failures: number;
  problem?: CalendarProblemRecord;
  /** Set by a claim, removed by its result: still here at the next claim, that attempt never ended. */
  interrupted?: CalendarProblemRecord;
  /** When it is next due to be read. */
  dueAt: string;
  /** The gsi1 sort key as read: the claim's condition. */
  syncKey: string;
}

interface BusyCalendarItem extends Omit<StoredBusyCalendar, 'busy' | 'syncKey'> {
  pk: string;
  sk: string;
  entity: typeof BUSY_CALENDAR_ENTITY;
  /** Flat [start, end, start, end, …] in epoch minutes: about 12 bytes an interval. */
  busy: number[];
  busyCount: number;
  gsi1pk: string;
  gsi1sk: string;
  claim?: string;
}

/** Outwards to whole minutes: a busy time is never made shorter by storing it. */
export const encodeBusy = (intervals: readonly BusyInterval[]): number[] =>
  intervals.flatMap((i) => [Math.floor(i.start / MINUTE_MS), Math.ceil(i.end / MINUTE_MS)]);

export function decodeBusy(flat: readonly number[] | undefined): BusyInterval[] {
  const out: BusyInterval[] = [];
  for (let i = 0; flat && i + 1 < flat.length; i += 2)
    out.push({ start: flat[i]! * MINUTE_MS, end: flat[i + 1]! * MINUTE_MS });
  return out;
}

export function busyCalendarFromItem(raw: Record<string, unknown>): StoredBusyCalendar {
  const {
    pk: _pk,
    sk: _sk,
    entity: _e,
    busy,
    busyCount: _c,
    gsi1pk: _p,
    gsi1sk,
    claim: _claim,
    ...rest
  } = raw as unknown as BusyCalendarItem;
  return { ...rest, failures: rest.failures ?? 0, busy: decodeBusy(busy), syncKey: gsi1sk };
}

/** The therapist's calendars in their order, read consistently (a PUT compares against it). */
export async function listBusyCalendars(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<StoredBusyCalendar[]> {
  const items = await queryAll<Record<string, unknown>>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.busyCalendarPrefix },
    ConsistentRead: true,
  });
  return items.map(busyCalendarFromItem).sort((a, b) => a.position - b.position);
}

export async function getBusyCalendarLedger(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<number> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.busyCalendarLedger(therapistId), ConsistentRead: true }),
  );
  return typeof Item?.version === 'number' ? Item.version : 0;
}

export interface BusyCalendarChanges {
  therapistId: string;
  ledgerVersion: number;
  added: { calendarId: string; source: BusyCalendarSource; position: number }[];
  kept: { calendarId: string; label: string; position: number }[];
  removed: string[];
  now: Date;
  shards: number;
}

/**
 * One transaction: the ledger moved on from the version read (index 0 fails when another change got
 * in first), new calendars due at once (their INSERT is what the sync hears "at once on save"),
 * kept ones relabelled or reordered (their busy times and state stay), removed ones deleted.
 */
export function busyCalendarChanges(tableName: string, c: BusyCalendarChanges): TransactItem[] {
  const nowIso = c.now.toISOString();
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.busyCalendarLedger(c.therapistId),
        UpdateExpression: 'SET entity = :entity, version = :next',
        ConditionExpression: c.ledgerVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
        ExpressionAttributeValues: {
          ':entity': 'busy-calendar-ledger',
          ':next': c.ledgerVersion + 1,
          ...(c.ledgerVersion === 0 ? {} : { ':read': c.ledgerVersion }),
        },
      },
    },
    ...c.added.map(({ calendarId, source, position }): TransactItem => {
      const item: BusyCalendarItem = {
        ...keys.busyCalendar(c.therapistId, calendarId),
        entity: BUSY_CALENDAR_ENTITY,
        therapistId: c.therapistId,
        calendarId,
        label: source.label,
        url: source.url,
        position,
        createdAt: nowIso,
        busy: [],
        busyCount: 0,
        failures: 0,
        dueAt: nowIso,
        ...busyCalendarSync(shardOf(calendarId, c.shards), nowIso, c.therapistId, calendarId),
      };
      return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
    }),
    ...c.kept.map(
      ({ calendarId, label, position }): TransactItem => ({
        Update: {
          TableName: tableName,
          Key: keys.busyCalendar(c.therapistId, calendarId),
          UpdateExpression: 'SET #label = :label, #position = :position',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#label': 'label', '#position': 'position' },
          ExpressionAttributeValues: { ':label': label, ':position': position },
        },
      }),
    ),
    ...c.removed.map(
      (calendarId): TransactItem => ({
        Delete: { TableName: tableName, Key: keys.busyCalendar(c.therapistId, calendarId) },
      }),
    ),
  ];
}

export interface DueCalendar {
  therapistId: string;
  calendarId: string;
  syncKey: string;
}

/** Every calendar due at or before `now`, shard by shard, oldest first within a shard. */
export async function* dueBusyCalendars(
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
  shards: number,
): AsyncGenerator<DueCalendar> {
  for (let shard = 0; shard < shards; shard++)
    for await (const item of dueInPartition(
      db,
      tableName,
      busyCalendarSyncPartition(shard),
      now,
      'therapistId, calendarId, gsi1sk',
    ))
      yield {
        therapistId: String(item.therapistId),
        calendarId: String(item.calendarId),
        syncKey: String(item.gsi1sk),
      };
}

const syncKeys = (calendar: Pick<StoredBusyCalendar, 'therapistId' | 'calendarId'>, dueAt: Date, shards: number) =>
  busyCalendarSync(
    shardOf(calendar.calendarId, shards),
    dueAt.toISOString(),
    calendar.therapistId,
    calendar.calendarId,
  );

/**
 * The attempt marked before the read: failed, with the backoff after it, unless the result written
 * later says otherwise. A read that dies on the way (out of memory, out of time) has then counted as
 * a failure already, and its calendar is not due again until the backoff ends, instead of being
 * claimed by every run and taking the others' time with it. What the therapist sees changes only
 * when a result is written, or when the next claim finds the last attempt never ended (`shown`): a
 * read in progress never shows as failing.
 */
export interface SyncAttempt {
  at: Date;
  /** Failed reads in a row, this one included. */
  failures: number;
  /** What the therapist is told if this attempt never writes a result (kept as `interrupted`). */
  problem: CalendarProblemRecord;
  /** The problem to show from now: the last attempt never ended. */
  shown?: CalendarProblemRecord;
  nextDue: Date;
}

/**
 * Takes the calendar for one read and marks the attempt (above): false when another run took it
 * first (or it was removed).
 */
export async function claimBusyCalendar(
  db: DynamoDBDocumentClient,
  tableName: string,
  calendar: Pick<StoredBusyCalendar, 'therapistId' | 'calendarId' | 'syncKey'>,
  claim: string,
  attempt: SyncAttempt,
  shards: number,
): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.busyCalendar(calendar.therapistId, calendar.calendarId),
        UpdateExpression: `SET claim = :claim, gsi1pk = :pk, gsi1sk = :sk, dueAt = :due, lastAttemptAt = :at, failures = :failures, interrupted = :interrupted${attempt.shown ? ', problem = :shown' : ''}`,
        ConditionExpression: 'gsi1sk = :read',
        ExpressionAttributeValues: {
          ':claim': claim,
          ':read': calendar.syncKey,
          ':due': attempt.nextDue.toISOString(),
          ':at': attempt.at.toISOString(),
          ':failures': attempt.failures,
          ':interrupted': attempt.problem,
          ...(attempt.shown ? { ':shown': attempt.shown } : {}),
          ...prefixed(syncKeys(calendar, attempt.nextDue, shards)),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Gives a claimed calendar back unread (the run had no time left to read it): its state as it was
 * before the claim, due at `dueAt`, so the next run reads it.
 */
export async function releaseBusyCalendar(
  db: DynamoDBDocumentClient,
  tableName: string,
  calendar: Pick<
    StoredBusyCalendar,
    'therapistId' | 'calendarId' | 'failures' | 'problem' | 'interrupted' | 'lastAttemptAt'
  >,
  claim: string,
  dueAt: Date,
  shards: number,
): Promise<boolean> {
  const kept = (['problem', 'interrupted', 'lastAttemptAt'] as const).filter((name) => calendar[name] !== undefined);
  const set = [
    'gsi1pk = :pk',
    'gsi1sk = :sk',
    'dueAt = :due',
    'failures = :failures',
    ...kept.map((name) => `${name} = :${name}`),
  ];
  const remove = [
    'claim',
    ...(['problem', 'interrupted', 'lastAttemptAt'] as const).filter((name) => calendar[name] === undefined),
  ];
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.busyCalendar(calendar.therapistId, calendar.calendarId),
        UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
        ConditionExpression: 'claim = :claim',
        ExpressionAttributeValues: {
          ':claim': claim,
          ':due': dueAt.toISOString(),
          ':failures': calendar.failures,
          ...Object.fromEntries(kept.map((name) => [`:${name}`, calendar[name]])),
          ...prefixed(syncKeys(calendar, dueAt, shards)),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const prefixed = (k: { gsi1pk: string; gsi1sk: string }) => ({ ':pk': k.gsi1pk, ':sk': k.gsi1sk });

export type SyncResult =
  | { kind: 'read'; busy: BusyInterval[]; at: Date; nextDue: Date }
  | { kind: 'failed'; problem: CalendarProblemRecord; failures: number; at: Date; nextDue: Date };

/**
 * Writes what one read found, if the claim still holds (false: the calendar was removed or replaced
 * meanwhile, and the result is for nobody). A failure keeps the busy times of the last good read.
 */
export async function recordBusyCalendarSync(
  db: DynamoDBDocumentClient,
  tableName: string,
  calendar: Pick<StoredBusyCalendar, 'therapistId' | 'calendarId'>,
  claim: string,
  result: SyncResult,
  shards: number,
): Promise<boolean> {
  const at = result.at.toISOString();
  const due = {
    ...prefixed(syncKeys(calendar, result.nextDue, shards)),
    ':due': result.nextDue.toISOString(),
    ':at': at,
    ':claim': claim,
  };
  const update =
    result.kind === 'read'
      ? {
          UpdateExpression:
            'SET busy = :busy, busyCount = :count, lastSyncedAt = :at, lastAttemptAt = :at, failures = :zero, dueAt = :due, gsi1pk = :pk, gsi1sk = :sk REMOVE problem, interrupted, claim',
          ExpressionAttributeValues: {
            ...due,
            ':busy': encodeBusy(result.busy),
            ':count': result.busy.length,
            ':zero': 0,
          },
        }
      : {
          UpdateExpression:
            'SET problem = :problem, lastAttemptAt = :at, failures = :failures, dueAt = :due, gsi1pk = :pk, gsi1sk = :sk REMOVE interrupted, claim',
          ExpressionAttributeValues: { ...due, ':problem': result.problem, ':failures': result.failures },
        };
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.busyCalendar(calendar.therapistId, calendar.calendarId),
        ConditionExpression: 'claim = :claim',
        ...update,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
