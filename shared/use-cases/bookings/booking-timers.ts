/**
 * The timers a booking owns, by deterministic id so the change that cancels or moves them can name
 * them: a request's nudge and expiry, and one reminder per offset once confirmed.
 */
import { requestTimes, reminderTimes } from '#shared/domain/booking-policy.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { timerId } from '#shared/store/index.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { PracticeSettings } from '#shared/domain/practice-settings.js';
import type { Store } from '#shared/store/index.js';

export const nudgeTimerId = (bookingId: string): string => timerId('booking-request-nudge', bookingId);
export const expiryTimerId = (bookingId: string): string => timerId('booking-request-expiry', bookingId);
export const reminderTimerId = (bookingId: string, offsetMinutes: number): string =>
  `${timerId('booking-reminder', bookingId)}#${offsetMinutes}`;

type Owner = Pick<StoredBooking, 'therapistId' | 'bookingId'>;

/** A new request's nudge (when the wait is long enough for one) and its expiry. */
export function requestTimerPuts(
  store: Store,
  shards: number,
  booking: Owner & Pick<StoredBooking, 'start'>,
  requestedAt: Date,
  settings: Pick<PracticeSettings, 'requestExpiryHours'>,
): TransactItem[] {
  const times = requestTimes(requestedAt, Date.parse(booking.start), settings);
  const base = { therapistId: booking.therapistId, subjectId: booking.bookingId };
  return [
    ...(times.nudgeAt
      ? [
          store.timers.put(
            {
              ...base,
              timerId: nudgeTimerId(booking.bookingId),
              kind: 'booking-request-nudge',
              dueAt: times.nudgeAt.toISOString(),
            },
            shards,
          ),
        ]
      : []),
    store.timers.put(
      {
        ...base,
        timerId: expiryTimerId(booking.bookingId),
        kind: 'booking-request-expiry',
        dueAt: times.expiresAt.toISOString(),
      },
      shards,
    ),
  ];
}

/** The request is answered (or withdrawn): its nudge and expiry have nothing left to do. */
export const requestTimerDeletes = (store: Store, booking: Owner): TransactItem[] => [
  store.timers.delete(booking.therapistId, nudgeTimerId(booking.bookingId)),
  store.timers.delete(booking.therapistId, expiryTimerId(booking.bookingId)),
];

/**
 * The reminders of a confirmed booking at its (new) start: a Put per offset still ahead, a Delete
 * per offset whose time has passed (so a move closer in never leaves a stale reminder behind).
 * Puts replace a reminder of the same offset, so a move re-arms it for the new time.
 */
export function reminderWrites(
  store: Store,
  shards: number,
  booking: Owner & Pick<StoredBooking, 'start' | 'reminderOffsetsMinutes'>,
  now: Date,
  existing: 'none' | 'maybe',
): TransactItem[] {
  const ahead = new Map(
    reminderTimes(Date.parse(booking.start), booking.reminderOffsetsMinutes, now).map((r) => [
      r.offsetMinutes,
      r.dueAt,
    ]),
  );
  return booking.reminderOffsetsMinutes.flatMap((offset) => {
    const id = reminderTimerId(booking.bookingId, offset);
    const dueAt = ahead.get(offset);
    if (dueAt)
      return [
        store.timers.put(
          {
            timerId: id,
            therapistId: booking.therapistId,
            kind: 'booking-reminder',
            subjectId: booking.bookingId,
            dueAt: dueAt.toISOString(),
          },
          shards,
        ),
      ];
    // At confirmation nothing exists yet; a reminder whose time has passed is simply not made.
    return existing === 'maybe' ? [store.timers.delete(booking.therapistId, id)] : [];
  });
}

/** A cancelled booking is never reminded. */
export const reminderDeletes = (
  store: Store,
  booking: Owner & Pick<StoredBooking, 'reminderOffsetsMinutes'>,
): TransactItem[] =>
  booking.reminderOffsetsMinutes.map((offset) =>
    store.timers.delete(booking.therapistId, reminderTimerId(booking.bookingId, offset)),
  );
