/**
 * A request nobody answered in time: release it. The cells are freed and the invitation reopened in
 * the same transaction, and the client is told kindly, with a link to choose another time while the
 * invitation lasts. Nobody is left waiting in silence.
 */
import { expireBooking } from '#shared/domain/booking-lifecycle.js';
import { cellsOf } from '#shared/domain/booking-policy.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { loadContext } from '../bookings/booking-context.js';
import { expiredEmail } from '../bookings/booking-emails.js';
import { nudgeTimerId } from '../bookings/booking-timers.js';
import { rebookLink } from '../bookings/rebook-link.js';
import { closedRetention } from '../bookings/retention.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBookingRequestExpiry(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { settings } = deps.config;
  const booking = await deps.store.bookings.get(timer.therapistId, timer.subjectId, now);
  if (!booking || booking.status !== 'requested') return retire(deps, timer, now);
  const [{ ctx }, invitation] = await Promise.all([
    loadContext(deps, timer.therapistId, now),
    deps.store.invitations.get(booking.therapistId, booking.invitationId, now),
  ]);

  const expired: StoredBooking = { ...expireBooking(booking, now), updatedAt: now.toISOString() };
  const rebook = rebookLink(deps, invitation, now);
  return fireWith(deps, timer, now, [
    deps.store.bookings.replace(booking, expired, closedRetention(settings, now)),
    ...deps.store.locks.freeAll(booking.therapistId, cellsOf(booking), booking.bookingId),
    deps.store.invitations.release(booking.therapistId, booking.invitationId, booking.bookingId),
    // A nudge that has not fired yet (the sweep was down) has nothing left to nudge about.
    deps.store.timers.delete(booking.therapistId, nudgeTimerId(booking.bookingId)),
    ...(rebook ? [rebook.put] : []),
    outboxPut(deps.store, expiredEmail(ctx, expired, rebook?.rebook), now),
  ]);
}
