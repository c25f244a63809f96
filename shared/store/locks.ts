/**
 * Lock items: the double-booking guard. One item per 15-minute UTC cell a booking occupies (with its
 * buffers), keyed by therapist and cell start and written with attribute_not_exists in the same
 * transaction as the booking. Two bookings whose ranges overlap share a cell, so only one
 * transaction can succeed, whatever the lengths involved. Reads of availability are never the guard.
 */
import { ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export interface LockItem {
  pk: string;
  sk: string;
  entity: 'lock';
  bookingId: string;
  /** A cell in the past guards nothing (nobody books the past): let TTL tidy it away. */
  ttl: number;
}

const keptAfterCellMs = 24 * 60 * 60 * 1000;

/** Takes one cell for a booking; fails the transaction when any booking holds it. */
export function lockTake(tableName: string, therapistId: string, cellStartMs: number, bookingId: string): TransactItem {
  const item: LockItem = {
    ...keys.lock(therapistId, cellStartMs),
    entity: 'lock',
    bookingId,
    ttl: ttlFrom(cellStartMs + keptAfterCellMs),
  };
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * Frees one cell of a booking. The condition is a seatbelt: a booking only ever frees its own cells,
 * so a bug elsewhere can never release a cell another booking holds.
 */
export function lockFree(tableName: string, therapistId: string, cellStartMs: number, bookingId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: keys.lock(therapistId, cellStartMs),
      ConditionExpression: 'attribute_not_exists(pk) OR bookingId = :booking',
      ExpressionAttributeValues: { ':booking': bookingId },
    },
  };
}

export const locksTake = (
  tableName: string,
  therapistId: string,
  cells: readonly number[],
  bookingId: string,
): TransactItem[] => cells.map((cell) => lockTake(tableName, therapistId, cell, bookingId));

export const locksFree = (
  tableName: string,
  therapistId: string,
  cells: readonly number[],
  bookingId: string,
): TransactItem[] => cells.map((cell) => lockFree(tableName, therapistId, cell, bookingId));

/** True when a transaction item is a lock Put (to tell a lost race from other failed conditions). */
export const isLockTake = (item: TransactItem | undefined): boolean =>
  (item?.Put?.Item as { entity?: string } | undefined)?.entity === 'lock';
