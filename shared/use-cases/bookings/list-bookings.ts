/** The therapist's view of their bookings (GET /me/bookings, GET /me/bookings/{id}). */
import { DateTime } from 'luxon';
import type { BookingKind, BookingStatus, ConsultationOutcome } from '#shared/domain/booking.js';
import { NotFound, RuleViolation } from '#shared/domain/errors.js';
import { formatSlot } from '#shared/domain/slots/format.js';
import type { AppointmentMode } from '#shared/domain/practice-settings.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { UseCaseDeps } from '../deps.js';

export interface TherapistBookingView {
  bookingId: string;
  kind: BookingKind;
  status: BookingStatus;
  client: { name: string; email: string; phone?: string };
  clientId?: string;
  enquiryId?: string;
  /** In the therapist's zone, with offset. */
  start: string;
  end: string;
  timeZone: string;
  clientTimeZone: string;
  mode: AppointmentMode;
  requestedAt: string;
  confirmedAt?: string;
  closedAt?: string;
  cancelledBy?: 'client' | 'therapist';
  note?: string;
  /** The client's own words when they cancelled: shown here, behind sign-in, and nowhere else. */
  clientReason?: string;
  outcome?: ConsultationOutcome;
  /** The standing time this date belongs to. */
  standingTimeId?: string;
  sequence: number;
}

export function view(b: StoredBooking, timeZone: string): TherapistBookingView {
  const shown = formatSlot({ start: Date.parse(b.start), end: Date.parse(b.end) }, timeZone);
  return {
    bookingId: b.bookingId,
    kind: b.kind,
    status: b.status,
    client: b.client,
    ...(b.clientId ? { clientId: b.clientId } : {}),
    ...(b.enquiryId ? { enquiryId: b.enquiryId } : {}),
    start: shown.start,
    end: shown.end,
    timeZone,
    clientTimeZone: b.clientTimeZone,
    mode: b.mode,
    requestedAt: b.requestedAt,
    ...(b.confirmedAt ? { confirmedAt: b.confirmedAt } : {}),
    ...(b.closedAt ? { closedAt: b.closedAt } : {}),
    ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
    ...(b.note ? { note: b.note } : {}),
    ...(b.clientReason ? { clientReason: b.clientReason } : {}),
    ...(b.outcome ? { outcome: b.outcome } : {}),
    ...(b.standingTimeId ? { standingTimeId: b.standingTimeId } : {}),
    sequence: b.sequence,
  };
}

async function zoneOf(deps: UseCaseDeps, therapistId: string, now: Date): Promise<string> {
  const schedule = await deps.store.scheduling.load(therapistId, now);
  if (schedule.hours) return schedule.hours.timeZone;
  return (await deps.store.therapists.get(therapistId))?.timeZone ?? 'UTC';
}

const DAY_MS = 24 * 60 * 60 * 1000;
const maxWindowDays = 366;

/** A date (a whole day in the therapist's zone; `to` inclusive) or an instant with its offset. */
function edge(value: string, zone: string, which: 'from' | 'to'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    if (!day.isValid)
      throw new RuleViolation(`Please give ${which} as a real date, like 2026-03-29.`, `query.${which}`);
    return (which === 'to' ? day.plus({ days: 1 }) : day).startOf('day').toMillis();
  }
  return Date.parse(value);
}

/** Without from: from a day ago (today's appointments stay in view). Without to: 60 days after from. */
export function bookingWindow(
  query: { from?: string; to?: string },
  zone: string,
  now: Date,
): { from: Date; to: Date } {
  const from = query.from === undefined ? now.getTime() - DAY_MS : edge(query.from, zone, 'from');
  const to = query.to === undefined ? from + 60 * DAY_MS : edge(query.to, zone, 'to');
  if (to <= from) throw new RuleViolation('Please give a to that is after from.', 'query.to');
  if (to - from > maxWindowDays * DAY_MS)
    throw new RuleViolation(`Please ask for at most ${maxWindowDays} days at a time.`, 'query.to');
  return { from: new Date(from), to: new Date(to) };
}

export async function listTherapistBookings(
  deps: UseCaseDeps,
  therapistId: string,
  query: { from?: string; to?: string },
  now: Date,
): Promise<{ timeZone: string; items: TherapistBookingView[] }> {
  const timeZone = await zoneOf(deps, therapistId, now);
  const bookings = await deps.store.bookings.list(therapistId, bookingWindow(query, timeZone, now), now);
  return { timeZone, items: bookings.map((b) => view(b, timeZone)) };
}

export async function readTherapistBooking(
  deps: UseCaseDeps,
  therapistId: string,
  bookingId: string,
  now: Date,
): Promise<TherapistBookingView> {
  const [timeZone, booking] = await Promise.all([
    zoneOf(deps, therapistId, now),
    deps.store.bookings.get(therapistId, bookingId, now),
  ]);
  if (!booking) throw new NotFound('booking');
  return view(booking, timeZone);
}

/**
 * Whether the person can still choose a time themselves after this booking closed (cancelled,
 * declined, released): their invitation's link reopens for them until it expires, so the therapist
 * has nothing to send. Undefined once the invitation has ended or been booked.
 */
export async function reopenedInvitation(
  deps: UseCaseDeps,
  therapistId: string,
  bookingId: string,
  now: Date,
): Promise<{ expiresAt: string } | undefined> {
  const booking = await deps.store.bookings.get(therapistId, bookingId, now);
  if (!booking) throw new NotFound('booking');
  const invitation = await deps.store.invitations.get(therapistId, booking.invitationId, now);
  return invitation && invitation.status === 'open' && Date.parse(invitation.expiresAt) > now.getTime()
    ? { expiresAt: invitation.expiresAt }
    : undefined;
}
