/**
 * The therapist's private calendar feed.
 *
 * Two items. The therapist's record `THERAPIST#T / CALENDAR_FEED` holds which generation of the URL
 * is live and what the feed shows of clients. The public lookup `FEED#<sha256(token)> / FEED` is how
 * a calendar app's request finds its therapist: only the token's hash is stored, in a key space of
 * its own (it can never be read as a link token, and no link token as a feed). The token itself is
 * derived, not stored: an HMAC of the therapist id and the generation under the deployment's keyed-
 * hash secret (store/email-hash.ts calendarFeedToken), so GET /me/calendar-feed can show the same URL
 * again while a copy of the table alone opens no feed. Rotating moves the generation on and swaps the
 * lookup items in one transaction: the old URL is dead the moment it commits.
 *
 * Reading the feed: one BatchGetItem (the lookup item and this address's guess counter), then one
 * Query of the bookings' gsi2 collection from 30 days back, which holds the bookings by start, the
 * breaks by their last day (keys.ts breakByTime) and a marker of the last change that left no item
 * behind (a deleted break, an erased booking), so Last-Modified always moves when the feed does.
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { FeedBooking, FeedBreak, FeedEntry } from '../calendars/feed-calendar.js';
import type { FeedShows } from '../domain/calendar-feed.js';
import type { AppointmentMode } from '../domain/practice-settings.js';
import { isLive, queryAll, ttlFrom } from './dynamo.js';
import { calendarChangeByTime, keys } from './keys.js';
import type { TransactItem } from './outbox.js';
import { table } from './table.js';

export interface CalendarFeedRecord {
  therapistId: string;
  /** Random; the token is derived from it. A new one per rotation. */
  generation: string;
  shows: FeedShows;
  createdAt: string;
  updatedAt: string;
}

interface FeedRecordItem extends CalendarFeedRecord {
  pk: string;
  sk: string;
  entity: 'calendar-feed';
}

export interface FeedLookup {
  therapistId: string;
  shows: FeedShows;
  updatedAt: string;
}

interface FeedLookupItem extends FeedLookup {
  pk: string;
  sk: string;
  entity: 'calendar-feed-token';
}

export async function getCalendarFeedRecord(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<CalendarFeedRecord | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.calendarFeed(therapistId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ...record } = Item as FeedRecordItem;
  return record;
}

const lookupPut = (tableName: string, tokenHash: string, record: CalendarFeedRecord): TransactItem => {
  const item: FeedLookupItem = {
    ...keys.calendarFeedToken(tokenHash),
    entity: 'calendar-feed-token',
    therapistId: record.therapistId,
    shows: record.shows,
    updatedAt: record.updatedAt,
  };
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
};

/** The first feed of a therapist: both items, each only if absent (two first reads at once: one wins). */
export function calendarFeedCreate(tableName: string, record: CalendarFeedRecord, tokenHash: string): TransactItem[] {
  const item: FeedRecordItem = { ...keys.calendarFeed(record.therapistId), entity: 'calendar-feed', ...record };
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    lookupPut(tableName, tokenHash, record),
  ];
}

/** A new URL: the record moves to the next generation only from the one read, the old lookup goes, the new one comes. */
export function calendarFeedRotate(
  tableName: string,
  current: CalendarFeedRecord,
  next: CalendarFeedRecord,
  oldTokenHash: string,
  newTokenHash: string,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.calendarFeed(current.therapistId),
        UpdateExpression: 'SET generation = :next, updatedAt = :at',
        ConditionExpression: 'generation = :read',
        ExpressionAttributeValues: { ':next': next.generation, ':read': current.generation, ':at': next.updatedAt },
      },
    },
    { Delete: { TableName: tableName, Key: keys.calendarFeedToken(oldTokenHash) } },
    lookupPut(tableName, newTokenHash, next),
  ];
}

/** What the feed shows of clients, on the record and on the live lookup item together. */
export function calendarFeedShows(
  tableName: string,
  current: CalendarFeedRecord,
  tokenHash: string,
  shows: FeedShows,
  at: Date,
): TransactItem[] {
  const values = { ':shows': shows, ':at': at.toISOString() };
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.calendarFeed(current.therapistId),
        UpdateExpression: 'SET shows = :shows, updatedAt = :at',
        ConditionExpression: 'generation = :read',
        ExpressionAttributeValues: { ...values, ':read': current.generation },
      },
    },
    {
      Update: {
        TableName: tableName,
        Key: keys.calendarFeedToken(tokenHash),
        UpdateExpression: 'SET shows = :shows, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
      },
    },
  ];
}

/**
 * The lookup item for a token's hash and how many wrong guesses this address made in the current
 * window, in one round trip; both read consistently, so a URL rotated a moment ago is already dead.
 */
export async function lookupCalendarFeed(
  db: DynamoDBDocumentClient,
  tableName: string,
  tokenHash: string,
  guessCounter: { pk: string; sk: string },
): Promise<{ feed?: FeedLookup; guesses: number }> {
  const wanted = [keys.calendarFeedToken(tokenHash), guessCounter];
  const found: Record<string, unknown>[] = [];
  let keysLeft: Record<string, unknown>[] | undefined = wanted;
  for (let attempt = 0; keysLeft && keysLeft.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    if (attempt > 4) throw new Error('The feed lookup stayed unprocessed after retries.');
    const reply: BatchGetCommandOutput = await db.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keysLeft, ConsistentRead: true } } }),
    );
    found.push(...(reply.Responses?.[tableName] ?? []));
    keysLeft = reply.UnprocessedKeys?.[tableName]?.Keys;
  }
  const feed = found.find((i) => i.pk === wanted[0]!.pk) as FeedLookupItem | undefined;
  const counter = found.find((i) => i.pk === guessCounter.pk && i.sk === guessCounter.sk);
  return {
    ...(feed ? { feed: { therapistId: feed.therapistId, shows: feed.shows, updatedAt: feed.updatedAt } } : {}),
    guesses: Number(counter?.count ?? 0),
  };
}

/** Moves the feed's Last-Modified on when something leaves it without an item to show for it. */
export function calendarChangePut(tableName: string, therapistId: string, at: Date): TransactItem {
  const changedAt = at.toISOString();
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.calendarChange(therapistId),
        entity: 'calendar-change',
        changedAt,
        ...calendarChangeByTime(therapistId, changedAt),
        // Past the feed's 30-day window it is never read again.
        ttl: ttlFrom(at.getTime() + 31 * 24 * 60 * 60 * 1000),
      },
    },
  };
}

export async function markCalendarChanged(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  at: Date,
): Promise<void> {
  await db.send(new PutCommand(calendarChangePut(tableName, therapistId, at).Put!));
}

interface CollectionRow {
  entity?: string;
  bookingId?: string;
  status?: string;
  kind?: string;
  client?: { name?: string };
  start?: string;
  end?: string;
  sequence?: number;
  mode?: AppointmentMode;
  updatedAt?: string;
  breakId?: string;
  createdAt?: string;
  changedAt?: string;
  ttl?: number;
}

export interface FeedContents {
  entries: FeedEntry[];
  /** The latest change of anything the feed shows or showed (epoch ms), for Last-Modified. */
  lastChanged: number;
}

/**
 * One Query: the therapist's bookings starting from `from` on (requests and confirmed ones become
 * events; cancelled, declined and expired ones only move Last-Modified), breaks not over by then,
 * and the change marker. Only what the feed needs is projected: never the client's email address.
 */
export async function loadCalendarFeed(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  from: Date,
  now: Date,
): Promise<FeedContents> {
  const rows = await queryAll<CollectionRow>(db, {
    TableName: tableName,
    IndexName: table.indexes.byTime.name,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk >= :from',
    ProjectionExpression:
      '#entity, bookingId, #status, #kind, #client.#name, #start, #end, #sequence, #mode, updatedAt, breakId, createdAt, changedAt, #ttl',
    ExpressionAttributeNames: {
      '#entity': 'entity',
      '#status': 'status',
      '#kind': 'kind',
      '#client': 'client',
      '#name': 'name',
      '#start': 'start',
      '#end': 'end',
      '#sequence': 'sequence',
      '#mode': 'mode',
      '#ttl': 'ttl',
    },
    ExpressionAttributeValues: { ':pk': `${keys.therapistPk(therapistId)}#bookings`, ':from': from.toISOString() },
  });
  const entries: FeedEntry[] = [];
  let lastChanged = 0;
  for (const row of rows) {
    if (!isLive(row, now.getTime())) continue;
    const changed = Date.parse(row.updatedAt ?? row.createdAt ?? row.changedAt ?? '');
    if (Number.isFinite(changed)) lastChanged = Math.max(lastChanged, changed);
    if (row.entity === 'booking' && (row.status === 'requested' || row.status === 'confirmed')) {
      const booking: FeedBooking = {
        kind: 'booking',
        bookingId: row.bookingId!,
        status: row.status,
        bookingKind: row.kind === 'session' ? 'session' : 'consultation',
        clientName: row.client?.name ?? '',
        start: row.start!,
        end: row.end!,
        sequence: row.sequence ?? 0,
        ...(row.mode ? { mode: row.mode } : {}),
        updatedAt: row.updatedAt ?? row.start!,
      };
      entries.push(booking);
    } else if (row.entity === 'therapist-break') {
      const breakEntry: FeedBreak = {
        kind: 'break',
        breakId: row.breakId!,
        start: row.start!,
        end: row.end!,
        createdAt: row.createdAt ?? `${row.start}T00:00:00.000Z`,
      };
      entries.push(breakEntry);
    }
  }
  return { entries, lastChanged };
}
