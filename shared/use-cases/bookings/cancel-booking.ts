/**
 * Cancelling, by the client (manage link, inside the policy) or by the therapist (any time, with a
 * note). One transaction: the status change, the lock cells freed, the reminders (or the request's
 * timers) deleted, the invitation reopened if it was only a request or the client cancelled (so they
 * can choose another time while it lasts), and both emails — with an ICS
 * CANCEL (SEQUENCE + 1) when the booking was confirmed.
 */
import { cancelBooking } from '#shared/domain/booking-lifecycle.js';
import { cellsOf, clientChangePolicy, policyText } from '#shared/domain/booking-policy.js';
import { ChangeNotAllowed } from '#shared/domain/booking-errors.js';
import { NotFound } from '#shared/domain/errors.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { loadBooking } from './booking-context.js';
import { cancelledEmails, type BookingContext, type Rebook } from './booking-emails.js';
import { reminderDeletes, requestTimerDeletes } from './booking-timers.js';
import { changedMeanwhile, writeBookingChange } from './booking-write.js';
import { rebookLink } from './rebook-link.js';
import { closedRetention } from './retention.js';

export interface CancelInput {
  therapistId: string;
  bookingId: string;
  by: 'client' | 'therapist';
  /** The therapist's note to the client (emailed). */
  note?: string;
  /** The client's reason (kept for the therapist behind sign-in, never emailed). */
  reason?: string;
  now: Date;
}

/** Throws ChangeNotAllowed, with a kind message on how to reach the therapist, outside the policy. */
export function assertClientMayChange(
  ctx: BookingContext,
  booking: StoredBooking,
  what: 'cancel' | 'move',
  now: Date,
): void {
  const policy = clientChangePolicy(booking, ctx.practice, now);
  const allowed = what === 'cancel' ? policy.canCancel : policy.canReschedule;
  if (!allowed && policy.refusal)
    throw new ChangeNotAllowed(policy.refusal, policyText(policy.refusal, ctx.therapist, ctx.practice));
}

/** The cancelled booking, and the link to choose another time when the invitation is open again. */
export type Cancelled = StoredBooking & { rebook?: Rebook };

export async function cancelBookingAs(deps: UseCaseDeps, input: CancelInput): Promise<Cancelled> {
  const { settings } = deps.config;
  const { therapistId, bookingId, by, now } = input;
  const { ctx, booking } = await loadBooking(deps, therapistId, bookingId, now);
  if (by === 'client') assertClientMayChange(ctx, booking, 'cancel', now);

  const wasRequest = booking.status === 'requested';
  const next: StoredBooking = {
    ...cancelBooking(booking, now, by, by === 'therapist' ? input.note : undefined),
    ...(by === 'client' && input.reason ? { clientReason: input.reason } : {}),
    updatedAt: now.toISOString(),
  };
  // A client who cancels a confirmed booking may still want another time: the invitation opens again while it lasts.
  const reopens = !wasRequest && by === 'client';
  const invitation =
    wasRequest || reopens ? await deps.store.invitations.get(therapistId, booking.invitationId, now) : undefined;
  const reopenable = reopens && invitation?.status === 'booked' && invitation.bookingId === bookingId;
  const rebook = wasRequest || reopenable ? rebookLink(deps, invitation, now) : undefined;

  const items = [
    deps.store.bookings.replace(booking, next, closedRetention(settings, now)),
    ...deps.store.locks.freeAll(therapistId, cellsOf(booking), bookingId),
    ...(wasRequest
      ? [
          deps.store.invitations.release(therapistId, booking.invitationId, bookingId),
          ...requestTimerDeletes(deps.store, booking),
        ]
      : reminderDeletes(deps.store, booking)),
    ...(reopenable && rebook ? [deps.store.invitations.reopen(therapistId, booking.invitationId, bookingId, now)] : []),
    ...(rebook ? [rebook.put] : []),
    ...cancelledEmails(ctx, next, wasRequest, rebook?.rebook).map((m) => outboxPut(deps.store, m, now)),
  ];
  try {
    await writeBookingChange(deps, items);
  } catch (error) {
    const current = await deps.store.bookings.get(therapistId, bookingId, now);
    if (!current) throw new NotFound('booking');
    if (by === 'client') assertClientMayChange(ctx, current, 'cancel', now);
    cancelBooking(current, now, by);
    throw changedMeanwhile(booking, current, error);
  }
  return { ...next, ...(rebook ? { rebook: rebook.rebook } : {}) };
}
