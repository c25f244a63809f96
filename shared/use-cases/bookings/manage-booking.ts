/**
 * The client's manage link (/bookings/manage/{token}, and the /manage/{token} page): see one
 * booking, cancel it or move it within the policy. The token is used many times (never spent) and
 * stops working when the appointment ends; it only ever reaches the one booking it names.
 */
import { clientChangePolicy, policyText } from '#shared/domain/booking-policy.js';
import { LinkGone, NotFound } from '#shared/domain/errors.js';
import type { AppointmentJoin } from '#shared/email/messages.js';
import { formatSlot } from '#shared/domain/slots/format.js';
import type { BookingKind, BookingStatus } from '#shared/domain/booking.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { crisisSupportOf } from '#shared/store/index.js';
import type { CrisisSupport } from '#shared/config.js';
import type { UseCaseDeps } from '../deps.js';
import { loadContext } from './booking-context.js';
import { cancelBookingAs } from './cancel-booking.js';
import type { Rebook } from './booking-emails.js';
import { rescheduleBooking } from './reschedule-booking.js';

async function bookingOfToken(deps: UseCaseDeps, token: string, now: Date): Promise<StoredBooking> {
  const record = await deps.store.tokens.read(token, now, ['booking-manage']);
  const booking = await deps.store.bookings.get(record.therapistId, record.subjectId, now);
  if (!booking) throw new NotFound('booking');
  // The booking's end, not the token's backstop expiry, closes the link (see booking-links.ts).
  if (Date.parse(booking.end) <= now.getTime()) throw new LinkGone('expired', booking.therapistId);
  return booking;
}

export interface ManagedBookingView {
  bookingId: string;
  therapist: { therapistId: string; displayName: string };
  /** The crisis lines the therapist's clients see, for the pages (the JSON answer leaves them out). */
  crisisSupport: CrisisSupport;
  kind: BookingKind;
  status: BookingStatus;
  /** In the client's zone, with offset. */
  start: string;
  end: string;
  timeZone: string;
  join: AppointmentJoin;
  canCancel: boolean;
  canReschedule: boolean;
  /** Until when the client can change it themselves (ISO, client's zone). */
  changeableUntil: string;
  /** Why not, and how to reach the therapist instead; present when the client cannot change it. */
  policy?: string;
}

export async function viewManagedBooking(deps: UseCaseDeps, token: string, now: Date): Promise<ManagedBookingView> {
  const booking = await bookingOfToken(deps, token, now);
  const { ctx } = await loadContext(deps, booking.therapistId, now);
  const policy = clientChangePolicy(booking, ctx.practice, now);
  const shown = formatSlot({ start: Date.parse(booking.start), end: Date.parse(booking.end) }, booking.clientTimeZone);
  return {
    bookingId: booking.bookingId,
    therapist: { therapistId: ctx.therapist.therapistId, displayName: ctx.therapist.displayName },
    crisisSupport: crisisSupportOf(ctx.therapist, deps.config.settings),
    kind: booking.kind,
    status: booking.status,
    start: shown.start,
    end: shown.end,
    timeZone: booking.clientTimeZone,
    join: booking.mode,
    canCancel: policy.canCancel,
    canReschedule: policy.canReschedule,
    changeableUntil: formatSlot(
      { start: policy.changeableUntil.getTime(), end: Date.parse(booking.end) },
      booking.clientTimeZone,
    ).start,
    ...(policy.refusal ? { policy: policyText(policy.refusal, ctx.therapist, ctx.practice) } : {}),
  };
}

/** `rebook`: the link to choose another time, when the invitation is open again after the cancel. */
export async function cancelManagedBooking(
  deps: UseCaseDeps,
  token: string,
  reason: string | undefined,
  now: Date,
): Promise<ManagedBookingView & { rebook?: Rebook }> {
  const booking = await bookingOfToken(deps, token, now);
  const cancelled = await cancelBookingAs(deps, {
    therapistId: booking.therapistId,
    bookingId: booking.bookingId,
    by: 'client',
    ...(reason ? { reason } : {}),
    now,
  });
  return { ...(await viewManagedBooking(deps, token, now)), ...(cancelled.rebook ? { rebook: cancelled.rebook } : {}) };
}

export async function rescheduleManagedBooking(
  deps: UseCaseDeps,
  token: string,
  start: Date,
  now: Date,
): Promise<ManagedBookingView> {
  const booking = await bookingOfToken(deps, token, now);
  await rescheduleBooking(deps, { therapistId: booking.therapistId, bookingId: booking.bookingId, start, now });
  return viewManagedBooking(deps, token, now);
}
