/**
 * A reminder before a confirmed appointment, sent once (the timer's own condition) and only while
 * the booking is confirmed and still ahead. A reminder left over from a move (its time no longer
 * matches the booking's start) is retired; the move made the right one.
 */
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { loadContext } from '../bookings/booking-context.js';
import { reminderEmail } from '../bookings/booking-emails.js';
import { issueManageLink } from '../bookings/booking-links.js';
import { reminderTimerId } from '../bookings/booking-timers.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBookingReminder(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { settings } = deps.config;
  const booking = await deps.store.bookings.get(timer.therapistId, timer.subjectId, now);
  if (!booking || booking.status !== 'confirmed' || Date.parse(booking.start) <= now.getTime())
    return retire(deps, timer, now);
  const offset = booking.reminderOffsetsMinutes.find((o) => reminderTimerId(booking.bookingId, o) === timer.timerId);
  if (offset === undefined || Date.parse(booking.start) - offset * 60_000 !== Date.parse(timer.dueAt))
    return retire(deps, timer, now);

  const { ctx } = await loadContext(deps, timer.therapistId, now);
  const manage = issueManageLink(settings, deps.store, booking);
  return fireWith(deps, timer, now, [
    deps.store.bookings.unchanged(booking),
    manage.put,
    outboxPut(deps.store, reminderEmail(ctx, booking, manage.url), now),
  ]);
}
