/**
 * A standing time: one client's regular session at the same wall-clock time every week or every
 * second week ("Tuesdays at 10:00, London time"). Each coming date is held as an ordinary booking
 * (shared/store/standing-times.ts); this file is the pure rule of which dates those are.
 *
 * Wall clock, not UTC: 10:00 London stays 10:00 London across the clock change, so the UTC instant
 * moves by an hour twice a year. `count` follows iCalendar's COUNT: it counts every date the pattern
 * makes, and a skipped date (iCalendar's EXDATE) is one of them, so skipping never extends a series.
 *
 * Bounded: expansion always works inside a window of at most `maxWindowDays`, jumping straight to the
 * first date inside it. An endless series is never expanded beyond that window.
 */
import { DateTime } from 'luxon';
import type { Weekday } from './slots/types.js';

export const standingWeekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];
export const standingEvery = ['week', 'fortnight'] as const;
export type StandingEvery = (typeof standingEvery)[number];

export const standingTimeStatuses = ['holding', 'active', 'ended'] as const;
/**
 * holding: its first transaction is written and the rest are on their way (a series longer than one
 * transaction, see docs/data-model.md); active: every date up to the horizon is written; ended.
 */
export type StandingTimeStatus = (typeof standingTimeStatuses)[number];

export interface StandingPattern {
  weekday: Weekday;
  /** Local start time in the therapist's zone, HH:mm (24-hour). */
  time: string;
  lengthMinutes: number;
  every: StandingEvery;
  /** The first date the series may fall on (YYYY-MM-DD, therapist's zone); the first holding is the first `weekday` on or after it. */
  from: string;
  /** The last date it may fall on, inclusive. */
  until?: string;
  /** How many dates it makes in all (skipped ones included). */
  count?: number;
  /** Dates (YYYY-MM-DD) that do not happen. */
  skipped?: readonly string[];
}

export interface StandingTime extends StandingPattern {
  standingTimeId: string;
  therapistId: string;
  clientId: string;
  /** The therapist's IANA zone when the series was set: its wall clock. */
  timeZone: string;
  status: StandingTimeStatus;
  skipped: string[];
  /** ISO instant: every date starting before it has been held or listed as needing a choice; later ones are held as the horizon moves on. */
  plannedUntil: string;
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  version: number;
}

/** One date of a series: the local date and its epoch-ms range. */
export interface Holding {
  date: string;
  /** The occurrence's place in the series, from 0 (what `count` counts). */
  index: number;
  start: number;
  end: number;
}

export const maxWindowDays = 800;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

const stepDays = (every: StandingEvery): number => (every === 'week' ? 7 : 14);

/** The first `weekday` on or after `from`. */
export function firstDate(pattern: Pick<StandingPattern, 'weekday' | 'from'>): string {
  const from = DateTime.fromISO(pattern.from, { zone: 'UTC' });
  const want = standingWeekdays.indexOf(pattern.weekday as (typeof standingWeekdays)[number]) + 1;
  return from.plus({ days: (want - from.weekday + 7) % 7 }).toISODate()!;
}

function occurrence(pattern: StandingPattern, zone: string, first: DateTime, index: number): Holding {
  const date = first.plus({ days: index * stepDays(pattern.every) }).toISODate()!;
  const [hour, minute] = pattern.time.split(':').map(Number) as [number, number];
  // A time inside a spring-forward gap does not exist that day; luxon moves it forward by the gap.
  const start = DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
  return { date, index, start, end: start + pattern.lengthMinutes * MINUTE_MS };
}

/** Whether the pattern's index-th date is still in the series (count and until). */
function inSeries(pattern: StandingPattern, h: Pick<Holding, 'date' | 'index'>): boolean {
  if (pattern.count !== undefined && h.index >= pattern.count) return false;
  if (pattern.until !== undefined && h.date > pattern.until) return false;
  return true;
}

/**
 * The series' dates whose start lies in [window.from, window.to), skipped ones left out, in order.
 * Throws RangeError for a window longer than maxWindowDays: the caller always asks for a bounded one.
 */
export function expandStanding(
  pattern: StandingPattern,
  zone: string,
  window: { from: number; to: number },
): Holding[] {
  if (!(window.to - window.from <= maxWindowDays * DAY_MS))
    throw new RangeError(`A standing time is expanded ${maxWindowDays} days at a time at most.`);
  if (!DateTime.local().setZone(zone).isValid) throw new RangeError(`Unknown time zone ${zone}`);
  const first = DateTime.fromISO(firstDate(pattern), { zone: 'UTC' });
  const step = stepDays(pattern.every);
  // Jump to a little before the window (a day covers any zone offset), never walk from the first date.
  const windowDay = DateTime.fromMillis(window.from, { zone: 'UTC' }).startOf('day');
  const skipBy = Math.max(0, Math.floor(windowDay.diff(first, 'days').days / step) - 1);
  const skipped = new Set(pattern.skipped ?? []);
  const out: Holding[] = [];
  for (let index = skipBy; ; index++) {
    const h = occurrence(pattern, zone, first, index);
    if (h.start >= window.to || !inSeries(pattern, h)) break;
    if (h.start >= window.from && !skipped.has(h.date)) out.push(h);
  }
  return out;
}

/** The holding of `date` when it is one of the series' dates (skipped or not), else undefined. */
export function holdingOn(pattern: StandingPattern, zone: string, date: string): Holding | undefined {
  const first = DateTime.fromISO(firstDate(pattern), { zone: 'UTC' });
  const days = DateTime.fromISO(date, { zone: 'UTC' }).diff(first, 'days').days;
  const step = stepDays(pattern.every);
  if (!Number.isInteger(days) || days < 0 || days % step !== 0) return undefined;
  const h = occurrence(pattern, zone, first, days / step);
  return inSeries(pattern, h) ? h : undefined;
}

/** True when any date of `a` overlaps any date of `b` inside the window (both sorted by start). */
export function seriesOverlap(a: readonly Holding[], b: readonly Holding[]): Holding | undefined {
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.end <= x.start) j++;
    if (j < b.length && b[j]!.start < x.end) return x;
  }
  return undefined;
}

/** Minutes after local midnight of an HH:mm time. */
export const minutesOf = (time: string): number => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
