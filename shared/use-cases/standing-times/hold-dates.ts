/**
 * Which coming dates of a standing time can be held, and the transaction items that hold them.
 *
 * A date is held when the slot engine (shared/domain/slots) would let a booking of exactly that time
 * be written now: inside that date's working hours, outside a break, clear of other bookings and of
 * the therapist's own calendars. Otherwise it needs the therapist's choice, with the reason, and is
 * never dropped. The read decides what is tried; the lock cells decide what is held: a date another
 * booking took meanwhile fails its lock Put and is listed as needing a choice (see create-standing-time.ts).
 */
import { cancelBooking } from '#shared/domain/booking-lifecycle.js';
import { cellsOf, occupiedRange } from '#shared/domain/booking-policy.js';
import { findFreeSlots, type BusyInterval } from '#shared/domain/slots/index.js';
import { expandStanding, maxWindowDays, type Holding, type StandingTime } from '#shared/domain/standing-time.js';
import { closedDatesFor } from '#shared/domain/therapist-break.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { standingBookingId } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import { reminderDeletes, reminderWrites } from '../bookings/booking-timers.js';
import { closedRetention } from '../bookings/retention.js';
import type { UseCaseDeps } from '../deps.js';
import { calendarBusyFor, hoursToUse } from '../invitations/free-slots.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a date cannot be held: a break or closed day, another booking, or the therapist's own calendar. */
export type ChoiceReason = 'closed' | 'booked' | 'calendar';

export interface PlannedDate extends Holding {
  status: 'held' | 'needs-choice';
  reason?: ChoiceReason;
}

/** The dates a series holds from `now`: those starting before the therapist's booking horizon. */
export function horizonWindow(now: Date, horizonDays: number): { from: number; to: number } {
  return { from: now.getTime(), to: now.getTime() + Math.min(horizonDays, maxWindowDays) * DAY_MS };
}

export async function planDates(
  deps: UseCaseDeps,
  series: StandingTime,
  therapist: Pick<TherapistProfile, 'therapistId' | 'timeZone'>,
  schedule: StoredSchedule,
  window: { from: number; to: number },
  now: Date,
): Promise<PlannedDate[]> {
  const dates = expandStanding(series, series.timeZone, window);
  if (dates.length === 0) return [];
  const hours = hoursToUse(schedule, therapist);
  const s = schedule.settings;
  const span = { from: dates[0]!.start - DAY_MS, to: dates[dates.length - 1]!.end + DAY_MS };
  const busy = await deps.store.scheduling.busy(therapist.therapistId, span);
  const calendar = calendarBusyFor(schedule, span);
  const closed = closedDatesFor('session', schedule.breaks, series.timeZone, s, now);
  // The therapist sets this time themselves: the notice and horizon a client books within do not apply.
  const rules = {
    durationMinutes: series.lengthMinutes,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    minimumNoticeMinutes: 0,
    horizonDays: maxWindowDays + 1,
    dailyLimit: s.dailyLimit,
    gridMinutes: 1,
  };
  const free = (h: Holding, b: readonly BusyInterval[], c: readonly BusyInterval[]): boolean =>
    !!hours &&
    findFreeSlots(
      hours,
      schedule.overrides,
      closed,
      b,
      rules,
      { from: h.start, to: h.end, now: now.getTime() },
      c,
    ).some((x) => x.start === h.start);
  return dates.map((h): PlannedDate => {
    if (!free(h, [], [])) return { ...h, status: 'needs-choice', reason: 'closed' };
    if (!free(h, busy, [])) return { ...h, status: 'needs-choice', reason: 'booked' };
    if (!free(h, busy, calendar)) return { ...h, status: 'needs-choice', reason: 'calendar' };
    return { ...h, status: 'held' };
  });
}

/** The ordinary confirmed session booking that holds one date of a series. */
export function heldBooking(
  series: StandingTime,
  client: { name: string; email: string },
  schedule: StoredSchedule,
  h: Holding,
  now: Date,
): StoredBooking {
  const { occupiedStart, occupiedEnd } = occupiedRange(h.start, h.end, schedule.settings);
  return {
    bookingId: standingBookingId(series.standingTimeId, h.date),
    therapistId: series.therapistId,
    kind: 'session',
    status: 'confirmed',
    // A date of a standing time comes from no invitation: the series stands in its place.
    invitationId: series.standingTimeId,
    clientId: series.clientId,
    standingTimeId: series.standingTimeId,
    client: { name: client.name, email: client.email },
    start: new Date(h.start).toISOString(),
    end: new Date(h.end).toISOString(),
    occupiedStart,
    occupiedEnd,
    clientTimeZone: series.timeZone,
    sequence: 0,
    requestedAt: now.toISOString(),
    confirmedAt: now.toISOString(),
    version: 0,
    mode: schedule.settings.consultation.mode,
    reminderOffsetsMinutes: [...schedule.settings.reminderOffsetsMinutes],
    updatedAt: now.toISOString(),
  };
}

/** The booking, its lock cells and its reminders: everything that holds one date. The booking comes first. */
export function holdWrites(deps: UseCaseDeps, booking: StoredBooking, now: Date): TransactItem[] {
  return [
    deps.store.bookings.create(booking),
    ...deps.store.locks.takeAll(booking.therapistId, cellsOf(booking), booking.bookingId),
    ...reminderWrites(deps.store, deps.config.settings.timerShards, booking, now, 'none'),
  ];
}

/** Releasing one held date: cancelled by the therapist, cells freed, reminders gone. */
export function releaseWrites(deps: UseCaseDeps, booking: StoredBooking, now: Date): TransactItem[] {
  const next: StoredBooking = { ...cancelBooking(booking, now, 'therapist'), updatedAt: now.toISOString() };
  return [
    deps.store.bookings.replace(booking, next, closedRetention(deps.config.settings, now)),
    ...deps.store.locks.freeAll(booking.therapistId, cellsOf(booking), booking.bookingId),
    ...reminderDeletes(deps.store, booking),
  ];
}

/**
 * Packs groups of items (each group one date, never split) into transactions of at most `max`
 * items, the first transaction keeping room for `firstExtra` and the last for `lastExtra`.
 */
export function pack<G extends { items: readonly unknown[] }>(
  groups: readonly G[],
  max: number,
  firstExtra: number,
  lastExtra: number,
): G[][] {
  const out: G[][] = [[]];
  let size = firstExtra;
  for (const g of groups) {
    if (size + g.items.length > max && out[out.length - 1]!.length > 0) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1]!.push(g);
    size += g.items.length;
  }
  if (size + lastExtra > max) out.push([]);
  return out;
}

/**
 * The timer that holds the series' next date when it comes inside the horizon. Named by the series
 * and the `plannedUntil` it extends from, so the firing that moves `plannedUntil` on re-arms under a
 * new key in its own transaction (a timer cannot be fired and put again in one), and a skip, which
 * leaves `plannedUntil` alone, leaves the timer valid.
 */
export const extendTimerId = (s: Pick<StandingTime, 'standingTimeId' | 'plannedUntil'>): string =>
  `standing-extend#${s.standingTimeId}#${Date.parse(s.plannedUntil)}`;

/** The extension timer's Put: due when the first date after `plannedUntil` is inside the horizon; none when the series has no such date. */
export function extendTimerPut(deps: UseCaseDeps, s: StandingTime, horizonDays: number, now: Date): TransactItem[] {
  const from = Date.parse(s.plannedUntil);
  const next = expandStanding(s, s.timeZone, { from, to: from + 400 * DAY_MS })[0];
  if (!next) return [];
  const dueAt = new Date(Math.max(now.getTime(), next.start - Math.min(horizonDays, maxWindowDays) * DAY_MS + 1));
  return [
    deps.store.timers.put(
      {
        timerId: extendTimerId(s),
        therapistId: s.therapistId,
        kind: 'standing-extend',
        subjectId: `${s.standingTimeId}#${Date.parse(s.plannedUntil)}`,
        dueAt: dueAt.toISOString(),
      },
      deps.config.settings.timerShards,
    ),
  ];
}
