/**
 * A client's bookings as the therapist's client list and a pause see them. Bookings are found by
 * one gsi2 Query of the therapist's diary (store/bookings.ts listBookings) and grouped here, so the
 * list costs one Query for clients and one for bookings, however many clients there are. Pure.
 */
import { activeBookingStatuses, type Booking } from './booking.js';
import type { Client } from './client.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The diary window the client list reads: "last" looks back this far, "next" looks ahead this far
 * (bookings cannot lie beyond the booking horizon anyway). A last session older than the window is
 * shown from the client record (lastSessionAt, kept when they pause) instead.
 */
export const digestWindow = (now: Date): { from: Date; to: Date } => ({
  from: new Date(now.getTime() - 180 * DAY_MS),
  to: new Date(now.getTime() + 400 * DAY_MS),
});

export interface BookingSummary {
  bookingId: string;
  kind: Booking['kind'];
  status: Booking['status'];
  start: string;
  end: string;
}

export interface ClientBookings {
  /** The most recent confirmed appointment that has started. */
  last?: BookingSummary;
  /** The soonest requested or confirmed appointment still ahead. */
  next?: BookingSummary;
}

type Owned = Pick<Client, 'clientId' | 'fromEnquiryId'>;

/** A booking is the client's when it names them, or (a consultation before the record existed) their enquiry. */
export const belongsTo = (booking: Pick<Booking, 'clientId' | 'enquiryId'>, client: Owned): boolean =>
  booking.clientId === client.clientId ||
  (booking.clientId === undefined && client.fromEnquiryId !== undefined && booking.enquiryId === client.fromEnquiryId);

const summary = (b: Booking): BookingSummary => ({
  bookingId: b.bookingId,
  kind: b.kind,
  status: b.status,
  start: b.start,
  end: b.end,
});

/** Last and next booking of each client, from one read of the diary. */
export function digestBookings(
  clients: readonly Owned[],
  bookings: readonly Booking[],
  now: Date,
): Map<string, ClientBookings> {
  const byEnquiry = new Map(clients.filter((c) => c.fromEnquiryId).map((c) => [c.fromEnquiryId!, c.clientId]));
  const known = new Set(clients.map((c) => c.clientId));
  const out = new Map<string, ClientBookings>();
  const nowMs = now.getTime();
  for (const b of bookings) {
    const clientId = b.clientId ?? (b.enquiryId ? byEnquiry.get(b.enquiryId) : undefined);
    if (!clientId || !known.has(clientId)) continue;
    const entry = out.get(clientId) ?? {};
    const start = Date.parse(b.start);
    if (start <= nowMs) {
      if (b.status === 'confirmed' && (!entry.last || Date.parse(entry.last.start) < start)) entry.last = summary(b);
    } else if (activeBookingStatuses.includes(b.status) && (!entry.next || Date.parse(entry.next.start) > start)) {
      entry.next = summary(b);
    }
    out.set(clientId, entry);
  }
  return out;
}

/**
 * The bookings a pause (or an ending) touches: the client's requested or confirmed appointments
 * from now until the end of the expected return day (`until`, exclusive), or all ahead when open-ended.
 * They are listed for the therapist to cancel or keep; nothing is cancelled here.
 */
export function bookingsInside<B extends Booking>(client: Owned, bookings: readonly B[], now: Date, until?: Date): B[] {
  return bookings
    .filter((b) => belongsTo(b, client) && activeBookingStatuses.includes(b.status))
    .filter(
      (b) => Date.parse(b.start) > now.getTime() && (until === undefined || Date.parse(b.start) < until.getTime()),
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** The most recent confirmed appointment of the client that has started (the history's "last session"). */
export function lastSession<B extends Booking>(client: Owned, bookings: readonly B[], now: Date): B | undefined {
  return bookings
    .filter((b) => belongsTo(b, client) && b.status === 'confirmed' && Date.parse(b.start) <= now.getTime())
    .sort((a, b) => Date.parse(b.start) - Date.parse(a.start))[0];
}
