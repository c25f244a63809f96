/**
 * Which wall-clock intervals are open on a given therapist-local date: weekly hours, replaced by a
 * date override where there is one, and closed by any break covering the date. Compiled once per
 * call into minute pairs so the per-day lookup is a couple of array reads.
 */
import { unionPairs } from './intervals.js';
import { jsDayOfWeek, parseLocalDate, parseLocalTime, WEEKDAYS } from './local-time.js';
import type { Break, DateOverride, LocalInterval, WeeklyHours } from './types.js';
import { ZoneClock } from './zone.js';

export interface Schedule {
  readonly clock: ZoneClock;
  /** By JS day-of-week (0 = Sunday): merged [startMin, endMin) pairs, or null when closed. */
  readonly weekly: readonly (Int32Array | null)[];
  /** Local day number → merged pairs, or null when the override closes the day. */
  readonly overrides: ReadonlyMap<number, Int32Array | null>;
  /** Merged, sorted, inclusive [firstDay, lastDay] pairs of local day numbers. */
  readonly breaks: Int32Array;
}

/**
 * Throws RangeError on malformed input (unknown zone, bad "HH:MM", end <= start, bad date,
 * break ending before it starts). Overlapping intervals are not an error here: they are unioned
 * (validateWeeklyHours reports them to the therapist).
 * Several overrides for the same date: the last one wins.
 */
export function compileSchedule(
  hours: WeeklyHours,
  overrides: readonly DateOverride[],
  breaks: readonly Break[],
): Schedule {
  const clock = new ZoneClock(hours.timeZone);
  const weekly: (Int32Array | null)[] = [null, null, null, null, null, null, null];
  for (const day of WEEKDAYS) {
    const list = hours.weekly[day];
    if (list === undefined) continue;
    const pairs = compileIntervals(list, day);
    // WEEKDAYS is Monday-first; JS day-of-week is Sunday-first.
    weekly[(WEEKDAYS.indexOf(day) + 1) % 7] = pairs;
  }

  const byDate = new Map<number, Int32Array | null>();
  for (const o of overrides) {
    const d = parseLocalDate(o.date);
    if (d === null) throw new RangeError(`Override date "${String(o.date)}" is not a YYYY-MM-DD date`);
    byDate.set(d, compileIntervals(o.intervals, o.date));
  }

  const breakPairs: number[] = [];
  for (const b of breaks) {
    const s = parseLocalDate(b.start);
    const e = parseLocalDate(b.end);
    if (s === null || e === null) {
      throw new RangeError(`Break ${String(b.start)}–${String(b.end)} needs YYYY-MM-DD dates`);
    }
    if (e < s) throw new RangeError(`Break ${b.start}–${b.end} ends before it starts`);
    breakPairs.push(s, e + 1); // to half-open for the union, back to inclusive below
  }
  const merged = unionPairs(breakPairs);
  for (let i = 1; i < merged.length; i += 2) merged[i] = merged[i]! - 1;

  return { clock, weekly, overrides: byDate, breaks: merged };
}

function compileIntervals(list: readonly LocalInterval[], label: string): Int32Array | null {
  if (!Array.isArray(list)) throw new RangeError(`${label}: intervals must be a list`);
  const pairs: number[] = [];
  for (const iv of list) {
    const s = parseLocalTime(iv?.start);
    const e = parseLocalTime(iv?.end);
    if (s === null || e === null) {
      throw new RangeError(`${label}: "${String(iv?.start)}"–"${String(iv?.end)}" is not an HH:MM interval`);
    }
    if (e <= s) throw new RangeError(`${label}: ${iv.start}–${iv.end} ends before it starts`);
    pairs.push(s, e);
  }
  return pairs.length === 0 ? null : unionPairs(pairs);
}

/** Open intervals of a local date as [startMin, endMin) pairs, or null when the date is closed. */
export function intervalsForDay(schedule: Schedule, day: number): Int32Array | null {
  if (inBreak(schedule.breaks, day)) return null;
  const o = schedule.overrides.get(day);
  if (o !== undefined) return o;
  return schedule.weekly[jsDayOfWeek(day)]!;
}

function inBreak(breaks: Int32Array, day: number): boolean {
  // Binary search for the last break starting on or before `day`.
  let lo = 0;
  let hi = (breaks.length >> 1) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[2 * mid]! <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && day <= breaks[2 * found + 1]!;
}
