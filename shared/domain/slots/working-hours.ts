/**
 * Turns therapist-local days into UTC instants.
 *
 * DST rules (deliberate; wall-clock hours stay wall-clock on both sides of a change):
 * - Days tile the timeline: a local day is [first instant of its 00:00, first instant of the next
 *   day's 00:00). "24:00" as an interval end is that next-day boundary.
 * - Interval START on a repeated wall time (fall back) → the EARLIER occurrence; interval END on a
 *   repeated wall time → the LATER occurrence. Both choices widen the interval, so the therapist's
 *   stated hours are fully available (e.g. New York 2026-11-01, 01:00–01:30 is 90 real minutes).
 * - Wall time that does not exist (spring-forward gap), start or end → the first instant after the
 *   gap, i.e. the transition itself (London 2026-03-29, 01:30 → 01:00Z = 02:00 BST). An interval
 *   wholly inside the gap is empty.
 *
 * Cost: about one offset lookup per week of quiet days (see constantOver). Only a day that holds
 * a transition (or has one within 6 hours before its midnight) takes the exact path (~20 lookups),
 * which also finds the transition instant for grid alignment.
 */
import { DAY_MS, MINUTES_PER_DAY, MINUTE_MS } from './local-time.js';
import { compileSchedule, intervalsForDay } from './schedule.js';
import type { Break, DateOverride, WeeklyHours } from './types.js';
import type { Occurrence, ZoneClock } from './zone.js';

/** How far ahead one offset sample vouches for (see constantOver). */
const SPAN_MS = 7 * DAY_MS;
/** How long before a day's midnight the offset must already be the day's for the fast path. */
const PRE_MARGIN_MS = 6 * 60 * MINUTE_MS;

export class DayExpander {
  /** Local ms (wall clock read as UTC) of the current day's midnight. */
  localMidnight = 0;
  /** First instant of the current local day. */
  dayStart = 0;
  /** First instant of the next local day (exclusive end of this one). */
  dayEnd = 0;
  /** The offset change inside the current day, or +Infinity when there is none. */
  transition = Number.POSITIVE_INFINITY;
  private offBefore = 0;
  private offAfter = 0;
  private fast = false;
  private guess = Number.NaN;
  // A stretch of instants [spanStart, spanEnd] known to have the single offset spanOffset.
  private spanOffset = Number.NaN;
  private spanStart = Number.NaN;
  private spanEnd = Number.NaN;
  // An instant seen to have a different offset (a change lies before it).
  private differsAt = Number.NaN;
  // Three most recent offset samples (instant → offset); consecutive days share them.
  private readonly sampleT = new Float64Array([Number.NaN, Number.NaN, Number.NaN]);
  private readonly sampleO = new Float64Array(3);
  private sampleNext = 0;

  constructor(private readonly clock: ZoneClock) {}

  /** Prepares the local day `day` (a local day number); call with ascending days for best speed. */
  begin(day: number): void {
    const clock = this.clock;
    const local = day * DAY_MS;
    this.localMidnight = local;
    let o = Number.isNaN(this.guess) ? clock.offsetMs(local) : this.guess;
    // No offset change from a few hours before this midnight to the next midnight: wall time m of
    // this day is exactly t0 + m, unique and existing. (A change more than PRE_MARGIN_MS before
    // midnight cannot make this day's times repeat or vanish: DST shifts are at most 2 hours.)
    this.fast = this.constantOver(local - o - PRE_MARGIN_MS, local - o + DAY_MS, o);
    if (!this.fast) {
      // The guess may just be stale (a change since the previous day): retry with the offset found
      // at the guessed midnight.
      const found = this.sample(local - o);
      if (found !== o) {
        this.fast = this.constantOver(local - found - PRE_MARGIN_MS, local - found + DAY_MS, found);
        if (this.fast) o = found;
      }
    }
    const t0 = local - o;
    const t1 = t0 + DAY_MS;
    if (this.fast) {
      this.dayStart = t0;
      this.dayEnd = t1;
      this.offBefore = this.offAfter = o;
      this.transition = Number.POSITIVE_INFINITY;
      this.guess = o;
      return;
    }
    this.dayStart = clock.resolve(local, 'earlier');
    this.dayEnd = clock.resolve(local + DAY_MS, 'earlier');
    this.offBefore = clock.offsetMs(this.dayStart);
    this.offAfter = clock.offsetMs(this.dayEnd);
    this.transition =
      this.offBefore === this.offAfter ? Number.POSITIVE_INFINITY : clock.transitionIn(this.dayStart, this.dayEnd);
    this.guess = this.offAfter;
  }

  /**
   * Whether the offset is `o` throughout [a, b]. Grows a verified span a week at a time, so a run of
   * quiet days costs about one lookup per week; within a week of a change it checks day by day.
   * Assumes a zone never changes offset and changes back within SPAN_MS (true of all tzdata zones:
   * the closest pairs, Morocco's Ramadan suspensions, are about a month apart).
   */
  private constantOver(a: number, b: number, o: number): boolean {
    if (o !== this.spanOffset || a < this.spanStart || a > this.spanEnd) {
      if (this.sample(a) !== o) return false;
      this.spanOffset = o;
      this.spanStart = this.spanEnd = a;
    }
    while (b > this.spanEnd) {
      const far = this.spanEnd + SPAN_MS;
      const changeKnown = this.differsAt > this.spanEnd && this.differsAt <= far;
      if (!changeKnown) {
        if (this.sample(far) === o) {
          this.spanEnd = far;
          continue;
        }
        this.differsAt = far;
      }
      if (this.sample(b) !== o) return false;
      this.spanEnd = b;
    }
    return true;
  }

  /**
   * Instant at which the current day's wall clock reads `minute` (0–1440) — see the DST rules above:
   * pass 'earlier' for interval starts and 'later' for interval ends.
   */
  instant(minute: number, prefer: Occurrence): number {
    // 00:00 as a start is the day's first instant; "24:00" is the next day's (days tile).
    if (minute <= 0 && prefer === 'earlier') return this.dayStart;
    if (minute >= MINUTES_PER_DAY) return this.dayEnd;
    if (this.fast) return this.dayStart + minute * MINUTE_MS;
    const local = this.localMidnight + minute * MINUTE_MS;
    const t = this.transition;
    const tBefore = local - this.offBefore;
    let result: number;
    if (t === Number.POSITIVE_INFINITY) {
      result = tBefore;
    } else {
      const tAfter = local - this.offAfter;
      const okBefore = tBefore < t;
      const okAfter = tAfter >= t;
      if (okBefore && okAfter) result = prefer === 'earlier' ? Math.min(tBefore, tAfter) : Math.max(tBefore, tAfter);
      else if (okBefore) result = tBefore;
      else if (okAfter) result = tAfter;
      else result = t; // in the gap
    }
    return result < this.dayStart ? this.dayStart : result > this.dayEnd ? this.dayEnd : result;
  }

  /** UTC offset (ms) at instant t of the current day. */
  offsetAt(t: number): number {
    return t < this.transition ? this.offBefore : this.offAfter;
  }

  private sample(t: number): number {
    const ts = this.sampleT;
    for (let i = 0; i < 3; i++) if (ts[i] === t) return this.sampleO[i]!;
    const o = this.clock.offsetMs(t);
    const i = this.sampleNext;
    ts[i] = t;
    this.sampleO[i] = o;
    this.sampleNext = (i + 1) % 3;
    return o;
  }
}

/**
 * Resolves the current day's wall-clock minute pairs (sorted, disjoint) into UTC instants written to
 * `out` as flat [start, end) pairs; returns the pair count. Resolved intervals that overlap or touch
 * are unioned: on a fall-back day "00:00–01:20" and "01:40–03:00" resolve to overlapping instants
 * (01:20 later occurrence > 01:40 earlier occurrence), and the union keeps the output sorted and disjoint.
 * Empty intervals (wholly inside a gap) are dropped. `out` needs room for mins.length numbers.
 */
export function resolveDay(exp: DayExpander, mins: Int32Array, out: Float64Array): number {
  let n = 0;
  for (let i = 0; i < mins.length; i += 2) {
    const start = exp.instant(mins[i]!, 'earlier');
    const end = exp.instant(mins[i + 1]!, 'later');
    if (!(end > start)) continue;
    if (n > 0 && start <= out[2 * n - 1]!) {
      if (end > out[2 * n - 1]!) out[2 * n - 1] = end;
    } else {
      out[2 * n] = start;
      out[2 * n + 1] = end;
      n++;
    }
  }
  return n;
}

export interface WorkingInterval {
  /** Therapist-local date, YYYY-MM-DD. */
  date: string;
  start: number;
  end: number;
}

/**
 * All working intervals (after overrides and breaks) of the local days that overlap [fromMs, toMs),
 * as UTC instants, in order. Not used by the hot path; for callers and tests that need the hours
 * themselves (e.g. listing a day's hours, or checking a requested time).
 */
export function expandWorkingIntervals(
  hours: WeeklyHours,
  overrides: readonly DateOverride[],
  breaks: readonly Break[],
  fromMs: number,
  toMs: number,
): WorkingInterval[] {
  const schedule = compileSchedule(hours, overrides, breaks);
  const out: WorkingInterval[] = [];
  if (!(toMs > fromMs)) return out;
  const exp = new DayExpander(schedule.clock);
  const first = schedule.clock.localDay(fromMs) - 1;
  const last = schedule.clock.localDay(toMs) + 1;
  for (let day = first; day <= last; day++) {
    exp.begin(day);
    if (exp.dayEnd <= fromMs || exp.dayStart >= toMs) continue;
    const mins = intervalsForDay(schedule, day);
    if (mins === null) continue;
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    const buf = new Float64Array(mins.length);
    const n = resolveDay(exp, mins, buf);
    for (let i = 0; i < n; i++) out.push({ date, start: buf[2 * i]!, end: buf[2 * i + 1]! });
  }
  return out;
}
