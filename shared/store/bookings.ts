/**
 * Booking items. A booking lives in its therapist's partition (a foreign id is simply not found) and
 * in gsi2 by start time (the therapist's diary, and the busy time the slot engine subtracts).
 * Every change is a whole-item Put guarded by `version`, so two changes racing (a one-click confirm
 * and the expiry sweep, a cancel and a move) cannot both win: the loser's transaction fails whole.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Booking } from '../domain/booking.js';
import type { AppointmentMode } from '../domain/practice-settings.js';
import { isLive, ttlFrom } from './dynamo.js';
import { bookingByTime, keys } from './keys.js';
import type { TransactItem } from './outbox.js';
import { table } from './table.js';

export interface StoredBooking extends Booking {
  /** Bumped by every write; each write is conditional on the version it read. */
  version: number;
  /** How the appointment happens, fixed when it is booked so every email about it says the same. */
  mode: AppointmentMode;
  /** The reminders made at confirmation (minutes before the start): a cancel deletes them, a move moves them. */
  reminderOffsetsMinutes: number[];
  /** The client's own words when they cancelled: free text, so it is shown behind sign-in and never emailed. */
  clientReason?: string;
  updatedAt: string;
}

export interface BookingItem extends StoredBooking {
  pk: string;
  sk: string;
  entity: 'booking';
  gsi2pk: string;
  gsi2sk: string;
  /** Set once the booking is closed without taking place (declined, expired, cancelled). */
  ttl?: number;
}

const strip = ({
  pk: _pk,
  sk: _sk,
  entity: _e,
  gsi2pk: _g,
  gsi2sk: _s,
  ttl: _t,
  ...booking
}: BookingItem): StoredBooking => booking;

function toItem(booking: StoredBooking, expiresAt?: Date): BookingItem {
  return {
    ...keys.booking(booking.therapistId, booking.bookingId),
    entity: 'booking',
    ...booking,
    // Same ISO form as the slot store's bounds, so the gsi2 range reads compare like with like.
    ...bookingByTime(booking.therapistId, new Date(booking.start).toISOString(), booking.bookingId),
    ...(expiresAt ? { ttl: ttlFrom(expiresAt.getTime()) } : {}),
  };
}

export function bookingCreate(tableName: string, booking: StoredBooking): TransactItem {
  return { Put: { TableName: tableName, Item: toItem(booking), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * The transaction part that replaces a booking with its next state. It fails when anyone else
 * changed the booking since `previous` was read. `expiresAt`: closed bookings expire after retention.
 */
export function bookingReplace(
  tableName: string,
  previous: Pick<StoredBooking, 'version'>,
  next: StoredBooking,
  expiresAt?: Date,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: toItem({ ...next, version: previous.version + 1 }, expiresAt),
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': previous.version },
    },
  };
}

/** A transaction part that writes nothing but fails if the booking changed since it was read. */
export function bookingUnchanged(
  tableName: string,
  booking: Pick<StoredBooking, 'therapistId' | 'bookingId' | 'version'>,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.booking(booking.therapistId, booking.bookingId),
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': booking.version },
    },
  };
}

export async function getBooking(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  bookingId: string,
  now: Date,
): Promise<StoredBooking | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.booking(therapistId, bookingId), ConsistentRead: true }),
  );
  const item = Item as BookingItem | undefined;
  return isLive(item, now.getTime()) ? strip(item!) : undefined;
}

/** A therapist's bookings starting in [from, to), by start time (gsi2: eventually consistent). */
export async function listBookings(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  window: { from: Date; to: Date },
  now: Date,
): Promise<StoredBooking[]> {
  const { gsi2pk } = bookingByTime(therapistId, '', '');
  const out: StoredBooking[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: table.indexes.byTime.name,
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: {
          ':pk': gsi2pk,
          ':lo': window.from.toISOString(),
          ':hi': `${new Date(window.to.getTime() - 1).toISOString()}#\uffff`,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    // The collection also holds breaks and the calendar-change marker (keys.ts breakByTime).
    for (const item of (page.Items ?? []) as BookingItem[])
      if (item.entity === 'booking' && isLive(item, now.getTime())) out.push(strip(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}
