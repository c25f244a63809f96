/**
 * The client moves their booking (or their waiting request) to another free time. Atomic: the new
 * cells are taken and the old ones freed in one transaction — cells in both ranges are simply kept
 * (an item cannot be put and deleted in one transaction) — with the reminders or the request's
 * expiry moved and both sides told (ICS update: same UID, SEQUENCE + 1). Or nothing changes.
 */
import { moveBooking } from '#shared/domain/booking-lifecycle.js';
import { cellChanges, cellsOf, occupiedRange, requestTimes } from '#shared/domain/booking-policy.js';
import { SlotTaken } from '#shared/domain/booking-errors.js';
import { NotFound } from '#shared/domain/errors.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { isLockTake } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { loadBooking } from './booking-context.js';
import { invitationOfBooking } from './booking-invitation.js';
import { movedEmails } from './booking-emails.js';
import { issueManageLink } from './booking-links.js';
import { expiryTimerId, reminderWrites } from './booking-timers.js';
import { changedMeanwhile, failedIndexes, onlyConflicts, writeBookingChange } from './booking-write.js';
import { assertClientMayChange } from './cancel-booking.js';
import { freshSlots, notOffered } from './fresh-slots.js';
import { freeSlotsForInvitation } from '../invitations/free-slots.js';

export interface RescheduleInput {
  therapistId: string;
  bookingId: string;
  start: Date;
  now: Date;
}

export async function rescheduleBooking(deps: UseCaseDeps, input: RescheduleInput): Promise<StoredBooking> {
  const { settings } = deps.config;
  const { therapistId, bookingId, now } = input;
  const { ctx, booking } = await loadBooking(deps, therapistId, bookingId, now);
  assertClientMayChange(ctx, booking, 'move', now);
  const invitation = await invitationOfBooking(deps, booking, now);
  if (!invitation) throw new NotFound('booking');

  const startMs = input.start.getTime();
  const endMs = startMs + (Date.parse(booking.end) - Date.parse(booking.start));
  const zone = booking.clientTimeZone;
  // The booking's own time is free to move into (ten minutes later, say): its cells in both ranges are kept.
  const slotsFor = invitation;
  const offered = await freeSlotsForInvitation(deps, slotsFor, ctx.therapist, {
    from: startMs,
    to: endMs,
    now,
    excludeBookingId: bookingId,
  });
  if (!offered.some((s) => s.start === startMs && s.end === endMs))
    throw await notOffered(
      deps,
      slotsFor,
      ctx.therapist,
      { start: startMs, end: endMs, excludeBookingId: bookingId },
      zone,
      now,
    );

  const target = occupiedRange(startMs, endMs, ctx.practice);
  const cells = cellChanges(cellsOf(booking), target.cells);
  const previous = { start: booking.start, end: booking.end };
  const next: StoredBooking = {
    ...moveBooking(booking, {
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      occupiedStart: target.occupiedStart,
      occupiedEnd: target.occupiedEnd,
    }),
    updatedAt: now.toISOString(),
  };
  const manage = issueManageLink(settings, deps.store, next);
  const items: TransactItem[] = [
    deps.store.bookings.replace(booking, next),
    ...cells.take.map((c) => deps.store.locks.take(therapistId, c, bookingId)),
    ...cells.free.map((c) => deps.store.locks.free(therapistId, c, bookingId)),
    ...(next.status === 'confirmed'
      ? reminderWrites(deps.store, settings.timerShards, next, now, 'maybe')
      : [expiryPut(deps, next, ctx.practice.requestExpiryHours)]),
    manage.put,
    ...movedEmails(ctx, next, previous, manage.url).map((m) => outboxPut(deps.store, m, now)),
  ];

  try {
    await writeBookingChange(deps, items);
  } catch (error) {
    if (failedIndexes(error).some((i) => isLockTake(items[i])) || onlyConflicts(error))
      throw new SlotTaken(zone, await freshSlots(deps, slotsFor, ctx.therapist, startMs, zone, now));
    const current = await deps.store.bookings.get(therapistId, bookingId, now);
    if (!current) throw new NotFound('booking');
    assertClientMayChange(ctx, current, 'move', now);
    throw changedMeanwhile(booking, current, error);
  }
  return next;
}

/** A moved request is still released at requestExpiryHours after it was made, or at its new start if sooner. */
function expiryPut(deps: UseCaseDeps, booking: StoredBooking, requestExpiryHours: number): TransactItem {
  const { expiresAt } = requestTimes(new Date(booking.requestedAt), Date.parse(booking.start), { requestExpiryHours });
  return deps.store.timers.put(
    {
      timerId: expiryTimerId(booking.bookingId),
      therapistId: booking.therapistId,
      kind: 'booking-request-expiry',
      subjectId: booking.bookingId,
      dueAt: expiresAt.toISOString(),
    },
    deps.config.settings.timerShards,
  );
}
