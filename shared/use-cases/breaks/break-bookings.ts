/**
 * Bookings seen from a break: those inside it (for the therapist to cancel kindly or keep — nothing
 * is cancelled for them), and who has already booked a time after it (not invited again). Both read
 * the therapist's bookings by start time (gsi2), which is eventually consistent: a booking made a
 * moment before the break may show up a moment later, which is why GET /me/breaks lists them again.
 */
import { DateTime } from 'luxon';
import { activeBookingStatuses, type BookingKind, type BookingStatus } from '#shared/domain/booking.js';
import type { BreakDates } from '#shared/domain/therapist-break.js';
import { formatSlot } from '#shared/domain/slots/format.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { ClientRecord } from '#shared/store/clients.js';
import type { UseCaseDeps } from '../deps.js';

/** How far after a break a booking still counts as "rebooked" (well past any booking horizon). */
const lookAheadDays = 400;

export interface BookingInsideBreak {
  bookingId: string;
  kind: BookingKind;
  status: BookingStatus;
  /** In the therapist's zone, with offset. */
  start: string;
  end: string;
  client: { name: string };
  clientId?: string;
  insideBreak: true;
}

const isActive = (b: StoredBooking): boolean => activeBookingStatuses.includes(b.status);
const midnight = (date: string, zone: string): Date => DateTime.fromISO(date, { zone }).startOf('day').toJSDate();

export async function bookingsInside(
  deps: UseCaseDeps,
  therapistId: string,
  b: BreakDates,
  zone: string,
  now: Date,
): Promise<BookingInsideBreak[]> {
  const from = midnight(b.start, zone);
  const to = DateTime.fromISO(b.end, { zone }).plus({ days: 1 }).startOf('day').toJSDate();
  const bookings = await deps.store.bookings.list(therapistId, { from, to }, now);
  return bookings.filter(isActive).map((booking) => {
    const shown = formatSlot({ start: Date.parse(booking.start), end: Date.parse(booking.end) }, zone);
    return {
      bookingId: booking.bookingId,
      kind: booking.kind,
      status: booking.status,
      start: shown.start,
      end: shown.end,
      client: { name: booking.client.name },
      ...(booking.clientId ? { clientId: booking.clientId } : {}),
      insideBreak: true as const,
    };
  });
}

/** Who has a requested or confirmed booking on or after `firstDayBack`: by client id, and by email for bookings made before they were a client. */
export async function rebookedAfter(
  deps: UseCaseDeps,
  therapistId: string,
  firstDayBack: string,
  zone: string,
  now: Date,
): Promise<(client: Pick<ClientRecord, 'clientId' | 'email'>) => boolean> {
  const from = midnight(firstDayBack, zone);
  const to = new Date(from.getTime() + lookAheadDays * 24 * 60 * 60 * 1000);
  const bookings = (await deps.store.bookings.list(therapistId, { from, to }, now)).filter(isActive);
  const ids = new Set(bookings.flatMap((b) => (b.clientId ? [b.clientId] : [])));
  const emails = new Set(bookings.map((b) => b.client.email.trim().toLowerCase()));
  return (client) => ids.has(client.clientId) || emails.has(client.email.trim().toLowerCase());
}
