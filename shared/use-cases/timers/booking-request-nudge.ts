/**
 * A booking request still waiting halfway to its expiry: remind the therapist once, with fresh
 * one-click links (the first email's may be buried or lost).
 */
import { requestTimes } from '#shared/domain/booking-policy.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { loadContext } from '../bookings/booking-context.js';
import { requestEmail } from '../bookings/booking-emails.js';
import { issueRequestLinks } from '../bookings/booking-links.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBookingRequestNudge(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { settings } = deps.config;
  const booking = await deps.store.bookings.get(timer.therapistId, timer.subjectId, now);
  if (!booking || booking.status !== 'requested') return retire(deps, timer, now);
  const { ctx } = await loadContext(deps, timer.therapistId, now);
  const { expiresAt } = requestTimes(new Date(booking.requestedAt), Date.parse(booking.start), ctx.practice);
  if (expiresAt.getTime() <= now.getTime()) return retire(deps, timer, now);

  const links = issueRequestLinks(settings, deps.store, booking.therapistId, booking.bookingId, expiresAt);
  return fireWith(deps, timer, now, [
    deps.store.bookings.unchanged(booking),
    ...links.puts,
    outboxPut(deps.store, requestEmail(ctx, booking, links, expiresAt, 'booking-request-nudge'), now),
  ]);
}
