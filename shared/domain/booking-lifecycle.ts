/**
 * The booking state machine. Pure: every change takes `now` and returns the next booking, or throws
 * StateConflict with a message the reader can act on.
 *
 *   requested ──confirm──► confirmed ──cancel──► cancelled
 *       │ decline / expire / cancel      │ move (same status, sequence + 1)
 *       ▼                                ▼
 *   declined · expired · cancelled    outcome (consultation, after it started)
 *
 * Leaving `requested` or `confirmed` frees the booking's lock cells in the same transaction (the
 * store does that); the functions here only decide whether a change may happen and what it yields.
 */
import { activeBookingStatuses, type Booking, type BookingStatus, type ConsultationOutcome } from './booking.js';
import { StateConflict } from './errors.js';

export const holdsTime = (status: BookingStatus): boolean => activeBookingStatuses.includes(status);

const described: Record<BookingStatus, string> = {
  requested: 'is still waiting for a reply',
  confirmed: 'is already confirmed',
  declined: 'was declined',
  expired: 'was not answered in time and has been released',
  cancelled: 'has been cancelled',
};

/** "This booking was declined." — the state named, so the reader knows what happened instead. */
function moved(booking: Booking, what: string): StateConflict {
  return new StateConflict(`This booking ${described[booking.status]}, so it cannot be ${what}.`, {
    bookingStatus: booking.status,
  });
}

export function confirmBooking<B extends Booking>(booking: B, now: Date): B {
  if (booking.status !== 'requested') throw moved(booking, 'confirmed');
  return { ...booking, status: 'confirmed', confirmedAt: now.toISOString() };
}

export function declineBooking<B extends Booking>(booking: B, now: Date, note?: string): B {
  if (booking.status !== 'requested') throw moved(booking, 'declined');
  return { ...booking, status: 'declined', closedAt: now.toISOString(), ...(note ? { note } : {}) };
}

export function expireBooking<B extends Booking>(booking: B, now: Date): B {
  if (booking.status !== 'requested') throw moved(booking, 'released');
  return { ...booking, status: 'expired', closedAt: now.toISOString() };
}

/**
 * Cancelling a confirmed booking is a change the calendar must see (SEQUENCE + 1 with METHOD:CANCEL);
 * a request was never in anyone's calendar, so its sequence stays.
 */
export function cancelBooking<B extends Booking>(booking: B, now: Date, by: 'client' | 'therapist', note?: string): B {
  if (!holdsTime(booking.status)) throw moved(booking, 'cancelled');
  return {
    ...booking,
    status: 'cancelled',
    closedAt: now.toISOString(),
    cancelledBy: by,
    sequence: booking.status === 'confirmed' ? booking.sequence + 1 : booking.sequence,
    ...(note ? { note } : {}),
  };
}

export interface NewTime {
  start: string;
  end: string;
  occupiedStart: number;
  occupiedEnd: number;
}

export function moveBooking<B extends Booking>(booking: B, to: NewTime): B {
  if (!holdsTime(booking.status)) throw moved(booking, 'moved');
  if (to.start === booking.start)
    throw new StateConflict('Your appointment is already at that time.', { bookingStatus: booking.status });
  return { ...booking, ...to, sequence: booking.sequence + 1 };
}

/** Only for a confirmed consultation that has started, and only once. */
export function recordOutcome<B extends Booking>(
  booking: B,
  outcome: ConsultationOutcome,
  now: Date,
  note?: string,
): B {
  if (booking.kind !== 'consultation')
    throw new StateConflict('An outcome is recorded for a first consultation only.', { bookingStatus: booking.status });
  if (booking.status !== 'confirmed') throw moved(booking, 'given an outcome');
  if (Date.parse(booking.start) > now.getTime())
    throw new StateConflict('You can record the outcome once the consultation has started.', {
      bookingStatus: booking.status,
    });
  if (booking.outcome)
    throw new StateConflict(`The outcome of this consultation is already recorded (${booking.outcome}).`, {
      bookingStatus: booking.status,
      outcome: booking.outcome,
    });
  return { ...booking, outcome, ...(note ? { note } : {}) };
}
