/**
 * A request nobody answered in time: release it. The cells are freed and the invitation reopened in
 * the same transaction, and the client is told kindly, with a link to choose another time while the
 * invitation lasts. Nobody is left waiting in silence.
 */
import { expireBooking } from '../../domain/booking-lifecycle.js';
import { cellsOf } from '../../domain/booking-policy.js';
import { bookingReplace, getBooking, type StoredBooking } from '../../store/bookings.js';
import { locksFree } from '../../store/locks.js';
import { outboxPut } from '../../email/outbox-put.js';
import { timerDelete, type TimerItem } from '../../store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { loadContext } from '../bookings/booking-context.js';
import { expiredEmail } from '../bookings/booking-emails.js';
import { nudgeTimerId } from '../bookings/booking-timers.js';
import { getInvitation, invitationRelease } from '../../store/invitations.js';
import { rebookLink } from '../bookings/rebook-link.js';
import { closedRetention } from '../bookings/retention.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBookingRequestExpiry(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { tableName, settings } = deps.config;
  const booking = await getBooking(deps.db, tableName, timer.therapistId, timer.subjectId, now);
  if (!booking || booking.status !== 'requested') return retire(deps, timer, now);
  const [{ ctx }, invitation] = await Promise.all([loadContext(deps, timer.therapistId, now), getInvitation(deps.db, tableName, booking.therapistId, booking.invitationId, now)]);

  const expired: StoredBooking = { ...expireBooking(booking, now), updatedAt: now.toISOString() };
  const rebook = rebookLink(deps, invitation, now);
  return fireWith(deps, timer, now, [
    bookingReplace(tableName, booking, expired, closedRetention(settings, now)),
    ...locksFree(tableName, booking.therapistId, cellsOf(booking), booking.bookingId),
    invitationRelease(tableName, booking.therapistId, booking.invitationId, booking.bookingId),
    // A nudge that has not fired yet (the sweep was down) has nothing left to nudge about.
    timerDelete(tableName, booking.therapistId, nudgeTimerId(booking.bookingId)),
    ...(rebook ? [rebook.put] : []),
    outboxPut(tableName, expiredEmail(ctx, expired, rebook?.rebook), now),
  ]);
}
