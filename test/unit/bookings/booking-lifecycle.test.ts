import { describe, expect, it } from 'vitest';
import type { Booking } from '#shared/domain/booking.js';
import {
  cancelBooking,
  confirmBooking,
  declineBooking,
  expireBooking,
  holdsTime,
  moveBooking,
  recordOutcome,
} from '#shared/domain/booking-lifecycle.js';
import { StateConflict } from '#shared/domain/errors.js';

const now = new Date('2026-03-02T09:00:00Z');

const aBooking = (overrides: Partial<Booking> = {}): Booking => ({
  bookingId: 'b1',
  therapistId: 't1',
  kind: 'consultation',
  status: 'requested',
  invitationId: 'i1',
  client: { name: 'Alex Morgan', email: 'alex@client.test' },
  start: '2026-03-05T10:00:00.000Z',
  end: '2026-03-05T10:30:00.000Z',
  occupiedStart: Date.parse('2026-03-05T10:00:00Z'),
  occupiedEnd: Date.parse('2026-03-05T10:45:00Z'),
  clientTimeZone: 'Europe/London',
  sequence: 0,
  requestedAt: '2026-03-01T09:00:00.000Z',
  ...overrides,
});

describe('booking state machine', () => {
  it('a request is confirmed, declined (with the note) or expired', () => {
    expect(confirmBooking(aBooking(), now)).toMatchObject({
      status: 'confirmed',
      confirmedAt: now.toISOString(),
      sequence: 0,
    });
    expect(declineBooking(aBooking(), now, 'I am full that week')).toMatchObject({
      status: 'declined',
      note: 'I am full that week',
      closedAt: now.toISOString(),
    });
    expect(expireBooking(aBooking(), now)).toMatchObject({ status: 'expired', closedAt: now.toISOString() });
  });

  it('only a request can be confirmed, declined or expired; the conflict names the state', () => {
    for (const status of ['confirmed', 'declined', 'expired', 'cancelled'] as const) {
      const b = aBooking({ status });
      expect(() => confirmBooking(b, now)).toThrow(StateConflict);
      expect(() => declineBooking(b, now)).toThrow(StateConflict);
      expect(() => expireBooking(b, now)).toThrow(StateConflict);
    }
    expect(() => confirmBooking(aBooking({ status: 'cancelled' }), now)).toThrow(
      'This booking has been cancelled, so it cannot be confirmed.',
    );
  });

  it('cancelling a confirmed booking raises the ICS sequence; a request never reached a calendar', () => {
    expect(
      cancelBooking(aBooking({ status: 'confirmed', sequence: 2 }), now, 'therapist', 'I am unwell'),
    ).toMatchObject({ status: 'cancelled', sequence: 3, cancelledBy: 'therapist', note: 'I am unwell' });
    expect(cancelBooking(aBooking(), now, 'client')).toMatchObject({
      status: 'cancelled',
      sequence: 0,
      cancelledBy: 'client',
    });
    expect(() => cancelBooking(aBooking({ status: 'declined' }), now, 'client')).toThrow(StateConflict);
  });

  it('a move keeps the status and raises the sequence; moving to the same time is a conflict', () => {
    const to = { start: '2026-03-06T10:00:00.000Z', end: '2026-03-06T10:30:00.000Z', occupiedStart: 1, occupiedEnd: 2 };
    expect(moveBooking(aBooking({ status: 'confirmed', sequence: 1 }), to)).toMatchObject({
      ...to,
      status: 'confirmed',
      sequence: 2,
    });
    expect(() => moveBooking(aBooking(), { ...to, start: aBooking().start })).toThrow(StateConflict);
    expect(() => moveBooking(aBooking({ status: 'expired' }), to)).toThrow(StateConflict);
  });

  it('an outcome is for a confirmed consultation that has started, once', () => {
    const started = new Date('2026-03-05T10:05:00Z');
    expect(recordOutcome(aBooking({ status: 'confirmed' }), 'continue', started)).toMatchObject({
      outcome: 'continue',
      status: 'confirmed',
    });
    expect(() => recordOutcome(aBooking({ status: 'confirmed' }), 'continue', now)).toThrow(
      'once the consultation has started',
    );
    expect(() => recordOutcome(aBooking({ status: 'requested' }), 'continue', started)).toThrow(StateConflict);
    expect(() => recordOutcome(aBooking({ status: 'confirmed', kind: 'session' }), 'continue', started)).toThrow(
      'first consultation only',
    );
    expect(() =>
      recordOutcome(aBooking({ status: 'confirmed', outcome: 'continue' }), 'not-proceeding', started),
    ).toThrow('already recorded');
  });

  it('requested and confirmed hold the time; nothing else does', () => {
    expect(
      ['requested', 'confirmed', 'declined', 'expired', 'cancelled'].filter((s) => holdsTime(s as Booking['status'])),
    ).toEqual(['requested', 'confirmed']);
  });
});
