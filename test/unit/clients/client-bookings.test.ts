/** Last and next booking per client, and the bookings a break takes in: grouped from one diary read. */
import { describe, expect, it } from 'vitest';
import type { Booking, BookingStatus } from '#shared/domain/booking.js';
import { bookingsInside, digestBookings, lastSession } from '#shared/domain/client-bookings.js';

const now = new Date('2026-03-10T10:00:00Z');

let n = 0;
function booking(
  start: string,
  status: BookingStatus,
  owner: { clientId?: string; enquiryId?: string },
  kind: Booking['kind'] = 'session',
): Booking {
  n++;
  return {
    bookingId: `b${n}`,
    therapistId: 't',
    kind,
    status,
    invitationId: `i${n}`,
    ...owner,
    client: { name: 'A', email: 'a@x.test' },
    start,
    end: new Date(Date.parse(start) + 50 * 60_000).toISOString(),
    occupiedStart: 0,
    occupiedEnd: 0,
    clientTimeZone: 'Europe/London',
    sequence: 0,
    requestedAt: '2026-01-01T00:00:00Z',
  };
}

const alex = { clientId: 'c1', fromEnquiryId: 'e1' };
const sam = { clientId: 'c2' };

describe('digestBookings', () => {
  it('takes the latest confirmed past booking and the soonest live future one, per client', () => {
    const diary = [
      booking('2026-03-02T10:00:00Z', 'confirmed', { enquiryId: 'e1' }, 'consultation'),
      booking('2026-03-09T10:00:00Z', 'confirmed', { clientId: 'c1' }),
      booking('2026-03-09T12:00:00Z', 'cancelled', { clientId: 'c1' }),
      booking('2026-03-16T10:00:00Z', 'requested', { clientId: 'c1' }),
      booking('2026-03-23T10:00:00Z', 'confirmed', { clientId: 'c1' }),
      booking('2026-03-12T10:00:00Z', 'declined', { clientId: 'c2' }),
      booking('2026-03-12T10:00:00Z', 'confirmed', { clientId: 'someone-else' }),
    ];
    const digest = digestBookings([alex, sam], diary, now);
    expect(digest.get('c1')).toMatchObject({
      last: { start: '2026-03-09T10:00:00Z', kind: 'session' },
      next: { start: '2026-03-16T10:00:00Z', status: 'requested' },
    });
    expect(digest.get('c2')).toEqual({});
    expect(digest.has('someone-else')).toBe(false);
  });

  it('counts a consultation from before the record existed through the enquiry', () => {
    const digest = digestBookings(
      [alex],
      [booking('2026-03-02T10:00:00Z', 'confirmed', { enquiryId: 'e1' }, 'consultation')],
      now,
    );
    expect(digest.get('c1')?.last?.kind).toBe('consultation');
  });
});

describe('bookingsInside and lastSession', () => {
  const diary = [
    booking('2026-03-09T10:00:00Z', 'confirmed', { clientId: 'c1' }),
    booking('2026-03-11T10:00:00Z', 'confirmed', { clientId: 'c1' }),
    booking('2026-03-13T10:00:00Z', 'requested', { clientId: 'c1' }),
    booking('2026-03-14T10:00:00Z', 'cancelled', { clientId: 'c1' }),
    booking('2026-03-16T00:00:00Z', 'confirmed', { clientId: 'c1' }),
    booking('2026-03-12T10:00:00Z', 'confirmed', { clientId: 'c2' }),
  ];

  it('takes live bookings from now until the expected return day, in order', () => {
    expect(bookingsInside(alex, diary, now, new Date('2026-03-16T00:00:00Z')).map((b) => b.start)).toEqual([
      '2026-03-11T10:00:00Z',
      '2026-03-13T10:00:00Z',
    ]);
  });

  it('takes every live booking ahead when open-ended', () => {
    expect(bookingsInside(alex, diary, now).map((b) => b.start)).toEqual([
      '2026-03-11T10:00:00Z',
      '2026-03-13T10:00:00Z',
      '2026-03-16T00:00:00Z',
    ]);
  });

  it('finds the last session that took place', () => {
    expect(lastSession(alex, diary, now)?.start).toBe('2026-03-09T10:00:00Z');
    expect(lastSession(sam, diary, now)).toBeUndefined();
  });
});
