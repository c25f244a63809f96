/**
 * Listing a client's standing times, skipping one date, and ending a series.
 *
 * Skip: the date joins `skipped` (the series' EXDATE) and, when it is held, its booking is cancelled
 * with its cells and reminders in the same transaction as the series change (version-guarded).
 * End: every future held date is released and the series marked ended. The releases go in as few
 * transactions as fit; the series changes in the last, so an interrupted end leaves the series
 * active with fewer dates, and ending it again finishes the job (each release is version-guarded).
 */
import { NotFound, RuleViolation, StateConflict } from '#shared/domain/errors.js';
import { expandStanding, holdingOn, maxWindowDays, type StandingTime } from '#shared/domain/standing-time.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { maxTransactItems, standingBookingId } from '#shared/store/index.js';
import { writeBookingChange } from '../bookings/booking-write.js';
import type { UseCaseDeps } from '../deps.js';
import { extendTimerId, pack, releaseWrites, type PlannedDate } from './hold-dates.js';
import { standingView, type StandingTimeView } from './standing-view.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The series' coming dates as they stand: held where its booking still holds the time, else needing a choice. */
async function comingDates(
  deps: UseCaseDeps,
  s: StandingTime,
  now: Date,
  booked?: StoredBooking[],
): Promise<PlannedDate[]> {
  if (s.status === 'ended') return [];
  const to = Math.min(Date.parse(s.plannedUntil), now.getTime() + maxWindowDays * DAY_MS);
  if (to <= now.getTime()) return [];
  const bookings = booked ?? (await deps.store.bookings.list(s.therapistId, { from: now, to: new Date(to) }, now));
  const byId = new Map(bookings.map((b) => [b.bookingId, b]));
  return expandStanding(s, s.timeZone, { from: now.getTime(), to }).map((h) => {
    const b = byId.get(standingBookingId(s.standingTimeId, h.date));
    return b && b.status === 'confirmed'
      ? { ...h, status: 'held' as const }
      : { ...h, status: 'needs-choice' as const };
  });
}

export async function listStandingTimes(
  deps: UseCaseDeps,
  therapistId: string,
  clientId: string,
  now: Date,
): Promise<StandingTimeView[]> {
  const [client, series] = await Promise.all([
    deps.store.clients.get(therapistId, clientId),
    deps.store.standingTimes.list(therapistId, clientId),
  ]);
  if (!client) throw new NotFound('client');
  const live = series.filter((s) => s.status !== 'ended');
  const until = Math.max(now.getTime(), ...live.map((s) => Date.parse(s.plannedUntil)));
  const bookings =
    live.length > 0
      ? await deps.store.bookings.list(
          therapistId,
          { from: now, to: new Date(Math.min(until, now.getTime() + maxWindowDays * DAY_MS)) },
          now,
        )
      : [];
  return Promise.all(series.map(async (s) => standingView(s, await comingDates(deps, s, now, bookings))));
}

async function seriesOf(deps: UseCaseDeps, therapistId: string, standingTimeId: string): Promise<StandingTime> {
  const s = await deps.store.standingTimes.get(therapistId, standingTimeId);
  if (!s) throw new NotFound('standing time');
  return s;
}

export async function skipStandingDate(
  deps: UseCaseDeps,
  input: { therapistId: string; standingTimeId: string; date: string; now: Date },
): Promise<StandingTimeView> {
  const { therapistId, standingTimeId, date, now } = input;
  const s = await seriesOf(deps, therapistId, standingTimeId);
  if (s.status === 'ended') throw new StateConflict('This regular time has ended, so there is nothing to skip.');
  const h = holdingOn(s, s.timeZone, date);
  if (!h)
    throw new RuleViolation(
      `${date} is not one of the dates of this regular time. Please choose one of its dates.`,
      'date',
    );
  if (h.start <= now.getTime())
    throw new RuleViolation('That date has already begun or passed. Please choose a coming date.', 'date');
  if (s.skipped.includes(date)) return standingView(s, await comingDates(deps, s, now));

  const booking = await deps.store.bookings.get(therapistId, standingBookingId(standingTimeId, date), now);
  const next: StandingTime = { ...s, skipped: [...s.skipped, date], updatedAt: now.toISOString() };
  const items = [
    deps.store.standingTimes.replace(s, next),
    ...(booking && booking.status === 'confirmed' ? releaseWrites(deps, booking, now) : []),
  ];
  try {
    await writeBookingChange(deps, items);
  } catch (error) {
    throw changed(error);
  }
  return standingView({ ...next, version: s.version + 1 }, await comingDates(deps, next, now));
}

export interface EndedStandingTime {
  standingTimeId: string;
  status: 'ended';
  endedAt: string;
  /** The dates whose bookings were released. */
  released: string[];
}

export async function endStandingTime(
  deps: UseCaseDeps,
  input: { therapistId: string; standingTimeId: string; now: Date },
): Promise<EndedStandingTime> {
  const { therapistId, standingTimeId, now } = input;
  const s = await seriesOf(deps, therapistId, standingTimeId);
  if (s.status === 'ended') return { standingTimeId, status: 'ended', endedAt: s.endedAt ?? s.updatedAt, released: [] };
  const to = Math.min(Date.parse(s.plannedUntil), now.getTime() + maxWindowDays * DAY_MS);
  const bookings =
    to > now.getTime() ? await deps.store.bookings.list(therapistId, { from: now, to: new Date(to) }, now) : [];
  // Only dates still ahead: a session under way or past stays as it happened.
  const held = bookings.filter(
    (b) => b.standingTimeId === standingTimeId && b.status === 'confirmed' && Date.parse(b.start) > now.getTime(),
  );
  const groups = held.map((b) => ({ date: b.start, items: releaseWrites(deps, b, now) }));
  const chunks = pack(groups, maxTransactItems, 0, 2);
  const next: StandingTime = { ...s, status: 'ended', endedAt: now.toISOString(), updatedAt: now.toISOString() };
  try {
    for (let i = 0; i < chunks.length; i++) {
      const items = chunks[i]!.flatMap((g) => g.items);
      await writeBookingChange(
        deps,
        i === chunks.length - 1
          ? [
              ...items,
              deps.store.standingTimes.replace(s, next),
              deps.store.timers.delete(therapistId, extendTimerId(s)),
            ]
          : items,
      );
    }
  } catch (error) {
    throw changed(error);
  }
  const local = (b: StoredBooking) =>
    expandStanding(s, s.timeZone, { from: Date.parse(b.start), to: Date.parse(b.start) + 1 })[0]?.date ??
    b.start.slice(0, 10);
  return { standingTimeId, status: 'ended', endedAt: next.endedAt!, released: held.map(local).sort() };
}

function changed(error: unknown): unknown {
  if (error instanceof Error && error.name === 'TransactionCanceledException')
    return new StateConflict(
      'This regular time or one of its dates was changed a moment ago. Please look at it again and try once more.',
    );
  return error;
}
