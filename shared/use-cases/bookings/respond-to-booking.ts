/**
 * The therapist confirms or declines a request, from the API or a one-click link. Confirming reads
 * nothing about availability: the request has held its cells since it was made. Declining frees the
 * cells and reopens the invitation in the same transaction as the status change.
 */
import { confirmBooking, declineBooking } from '#shared/domain/booking-lifecycle.js';
import { cellsOf } from '#shared/domain/booking-policy.js';
import { NotFound } from '#shared/domain/errors.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { loadBooking } from './booking-context.js';
import { declinedEmail } from './booking-emails.js';
import { requestTimerDeletes } from './booking-timers.js';
import { changedMeanwhile, writeBookingChange } from './booking-write.js';
import { confirmedWrites } from './book-slot.js';
import { rebookLink } from './rebook-link.js';
import { closedRetention } from './retention.js';

export interface RespondToBookingInput {
  therapistId: string;
  bookingId: string;
  action: 'confirm' | 'decline';
  note?: string;
  now: Date;
  /** The one-click link's raw token, spent in the same transaction. */
  token?: string;
}

export async function respondToBooking(deps: UseCaseDeps, input: RespondToBookingInput): Promise<StoredBooking> {
  const { settings } = deps.config;
  const { therapistId, bookingId, now } = input;
  const { ctx, booking } = await loadBooking(deps, therapistId, bookingId, now);
  const spend = input.token ? [deps.store.tokens.consume(input.token, now)] : [];

  let next: StoredBooking;
  let items: TransactItem[];
  if (input.action === 'confirm') {
    next = {
      ...confirmBooking(booking, now),
      reminderOffsetsMinutes: [...ctx.practice.reminderOffsetsMinutes],
      updatedAt: now.toISOString(),
    };
    items = [
      ...spend,
      deps.store.bookings.replace(booking, next),
      deps.store.invitations.book(therapistId, booking.invitationId, bookingId),
      ...requestTimerDeletes(deps.store, booking),
      ...confirmedWrites(deps, ctx, next, false),
    ];
  } else {
    next = { ...declineBooking(booking, now, input.note), updatedAt: now.toISOString() };
    const invitation = await deps.store.invitations.get(therapistId, booking.invitationId, now);
    const rebook = rebookLink(deps, invitation, now);
    items = [
      ...spend,
      deps.store.bookings.replace(booking, next, closedRetention(settings, now)),
      ...deps.store.locks.freeAll(therapistId, cellsOf(booking), bookingId),
      deps.store.invitations.release(therapistId, booking.invitationId, bookingId),
      ...requestTimerDeletes(deps.store, booking),
      ...(rebook ? [rebook.put] : []),
      outboxPut(deps.store, declinedEmail(ctx, next, rebook?.rebook), now),
    ];
  }

  try {
    await writeBookingChange(deps, items);
  } catch (error) {
    // Say why: the link was spent or expired meanwhile (410), or the booking moved on (409).
    if (input.token) await deps.store.tokens.read(input.token, now);
    const current = await deps.store.bookings.get(therapistId, bookingId, now);
    if (!current) throw new NotFound('booking');
    if (input.action === 'confirm') confirmBooking(current, now);
    else declineBooking(current, now);
    throw changedMeanwhile(booking, current, error);
  }
  return next;
}
