/**
 * findFreeSlots: the free appointment starts for one therapist in a window. Pure: time is an input.
 *
 * A start s is offered when all hold:
 * 1. [s, s + duration) lies inside one working interval of its therapist-local day (weekly hours,
 *    replaced by that date's override; DST handling in working-hours.ts);
 * 2. the local date is not inside a break (a break wins over an override that opens the date);
 * 3. s is on the local grid: a multiple of gridMinutes after local midnight (wall clock);
 * 4. busy: the slot's occupied range [cellFloor(s - bufferBefore), cellCeil(s + duration +
 *    bufferAfter)) — exactly its lock cells (cells.ts occupiedRange) — does not overlap any busy
 *    interval. Busy intervals ARE occupied ranges already (each booking's own buffers included,
 *    cell-aligned: Booking.occupiedStart/End), so they are not expanded again; one that is not
 *    cell-aligned is rounded out to whole cells. This is the lock check itself: a slot is offered
 *    exactly when its lock items could be written now, so it cannot fail at booking time for a
 *    reason the client cannot see (only because someone else booked first). The gap between two
 *    appointments is the later one's bufferBefore plus the earlier one's bufferAfter, each as that
 *    booking was made.
 * 5. s >= now + minimumNotice, s < now + horizonDays * 24 h (exact 24-hour days);
 * 6. s >= query.from and s + duration <= query.to;
 * 7. dailyLimit: a local day on which >= dailyLimit busy intervals START offers nothing.
 *    The caller must pass the busy intervals of every local day the window touches, including those
 *    outside [from, to) on the first and last day. (A busy interval starts where its occupied range
 *    does, so a booking just after local midnight with a buffer before counts on the day before.)
 * 8. calendarBusy: time busy in the therapist's own calendars (their dentist, a school run). It
 *    blocks exactly as `busy` does (rule 4), but it is not an appointment: it never counts towards
 *    the daily limit. The caller passes it with the buffers already added (see BusyInterval).
 *
 * Throws RangeError on malformed input (see schedule.ts and checkRules).
 *
 * Performance: busy starts and ends go into two typed arrays sorted natively; one merge pass turns
 * them into disjoint forbidden start ranges; then a single sweep over days → working intervals →
 * grid starts with a pointer into those ranges (a forbidden range makes the sweep jump past it).
 * Zone offsets are looked up about once a week of days (working-hours.ts).
 */
import { cellCeil, cellFloor } from './cells.js';
import { unionOpenSorted } from './intervals.js';
import { DAY_MS, MINUTE_MS } from './local-time.js';
import { compileSchedule, intervalsForDay } from './schedule.js';
import type { Break, BusyInterval, DateOverride, Slot, SlotQuery, SlotRules, WeeklyHours } from './types.js';
import { DayExpander, resolveDay } from './working-hours.js';

export const DEFAULT_GRID_MINUTES = 15;
const MAX_OFFSET_MS = 15 * 60 * MINUTE_MS;

export function findFreeSlots(
  hours: WeeklyHours,
  overrides: readonly DateOverride[],
  breaks: readonly Break[],
  busy: readonly BusyInterval[],
  rules: SlotRules,
  query: SlotQuery,
  calendarBusy: readonly BusyInterval[] = [],
): Slot[] {
  checkRules(rules);
  checkQuery(query);
  const schedule = compileSchedule(hours, overrides, breaks);
  const out: Slot[] = [];

  const durMs = rules.durationMinutes * MINUTE_MS;
  const beforeMs = rules.bufferBeforeMinutes * MINUTE_MS;
  const afterMs = rules.bufferAfterMinutes * MINUTE_MS;
  const gridMs = (rules.gridMinutes ?? DEFAULT_GRID_MINUTES) * MINUTE_MS;
  const limit = rules.dailyLimit;
  const horizonEnd = query.now + rules.horizonDays * DAY_MS; // exclusive bound for starts
  const lo = Math.max(query.from, query.now + rules.minimumNoticeMinutes * MINUTE_MS);
  const lastByQuery = query.to - durMs; // inclusive bound for starts
  if (lo > lastByQuery || lo >= horizonEnd || limit === 0) return out;

  // Busy starts and ends, each sorted on its own (native typed-array sort, no comparator).
  // Appointments come first, so their starts alone can be counted for the daily limit.
  const nAppointments = busy.length;
  const nBusy = nAppointments + calendarBusy.length;
  const busyStarts = new Float64Array(nBusy);
  const blockedEnds = new Float64Array(nBusy);
  for (let i = 0; i < nBusy; i++) {
    const b = i < nAppointments ? busy[i]! : calendarBusy[i - nAppointments]!;
    if (!Number.isFinite(b.start) || !Number.isFinite(b.end) || b.end < b.start) {
      throw new RangeError(
        i < nAppointments
          ? `Busy interval ${i} needs finite start <= end`
          : `Calendar busy interval ${i - nAppointments} needs finite start <= end`,
      );
    }
    busyStarts[i] = b.start;
    blockedEnds[i] = b.end;
  }
  const appointmentStarts = busyStarts.slice(0, nAppointments).sort();
  busyStarts.sort();
  blockedEnds.sort();
  // Forbidden starts per busy interval [A, B): s is blocked iff the slot's occupied range
  // [cellFloor(s - before), cellCeil(s + dur + after)) meets [cellFloor(A), cellCeil(B)). Both ends of
  // the slot's range are cell-aligned, so that holds iff s - before < cellCeil(B) and
  // s + dur + after > cellFloor(A): s lies in the OPEN range (cellFloor(A) - dur - after,
  // cellCeil(B) + before). Both bounds are monotone in A / B, so the sorted arrays stay sorted.
  const blockedStarts = new Float64Array(nBusy);
  for (let i = 0; i < nBusy; i++) {
    blockedStarts[i] = cellFloor(busyStarts[i]!) - durMs - afterMs;
    blockedEnds[i] = cellCeil(blockedEnds[i]!) + beforeMs;
  }
  const forbidden = new Float64Array(2 * nBusy);
  const nForbidden = unionOpenSorted(blockedStarts, blockedEnds, nBusy, forbidden);

  const clock = schedule.clock;
  const exp = new DayExpander(clock);
  let maxPairs = 0;
  for (const w of schedule.weekly) if (w !== null && w.length > maxPairs) maxPairs = w.length;
  for (const o of schedule.overrides.values()) if (o !== null && o.length > maxPairs) maxPairs = o.length;
  const resolved = new Float64Array(maxPairs);

  // Local days that can hold a start in [lo, min(lastByQuery, horizonEnd)]: UTC offsets lie within
  // ±15 h, so these bounds need no offset lookup (the loop skips or stops at days outside).
  const firstDay = Math.floor((lo - MAX_OFFSET_MS) / DAY_MS) - 1;
  const lastDay = Math.floor((Math.min(lastByQuery, horizonEnd) + MAX_OFFSET_MS) / DAY_MS) + 1;
  let p = 0; // pointer into forbidden
  let q = 0; // pointer into appointmentStarts (daily count)

  for (let day = firstDay; day <= lastDay; day++) {
    const mins = intervalsForDay(schedule, day);
    if (mins === null) continue;
    exp.begin(day);
    if (exp.dayEnd <= lo) continue;
    if (exp.dayStart > lastByQuery || exp.dayStart >= horizonEnd) break;

    if (limit !== null) {
      while (q < nAppointments && appointmentStarts[q]! < exp.dayStart) q++;
      let count = 0;
      for (let k = q; k < nAppointments && appointmentStarts[k]! < exp.dayEnd && count < limit; k++) count++;
      if (count >= limit) continue;
    }

    const nIntervals = resolveDay(exp, mins, resolved);
    const midnight = exp.localMidnight;
    const transition = exp.transition;
    for (let iv = 0; iv < nIntervals; iv++) {
      const a = resolved[2 * iv]!;
      const b = resolved[2 * iv + 1]!;
      const last = Math.min(b - durMs, lastByQuery); // inclusive
      if (last < a || last < lo) continue;
      // At most two segments: the grid is wall-clock, so it shifts where the offset changes.
      const split = transition > a && transition < b;
      for (let seg = 0; seg < (split ? 2 : 1); seg++) {
        const segStart = split && seg === 1 ? transition : a;
        const segEnd = split && seg === 0 ? transition : b;
        const off = exp.offsetAt(segStart);
        // First grid start >= max(segStart, lo): grid points are midnight + k * grid in wall time.
        let s = gridCeil(segStart > lo ? segStart : lo, off, midnight, gridMs);
        while (s < segEnd && s <= last && s < horizonEnd) {
          while (p > 0 && forbidden[2 * p - 1]! > s) p--; // never taken for ascending starts
          while (p < nForbidden && forbidden[2 * p + 1]! <= s) p++;
          if (p < nForbidden && forbidden[2 * p]! < s) {
            s = gridCeil(forbidden[2 * p + 1]!, off, midnight, gridMs); // jump past the busy range
            continue;
          }
          out.push({ start: s, end: s + durMs });
          s += gridMs;
        }
      }
    }
  }
  return out;
}

/** Smallest instant >= t (at offset `off`) whose wall-clock time is midnight + k * grid. */
function gridCeil(t: number, off: number, midnight: number, gridMs: number): number {
  return midnight + Math.ceil((t + off - midnight) / gridMs) * gridMs - off;
}

function checkRules(r: SlotRules): void {
  const bad = (what: string): never => {
    throw new RangeError(`Slot rules: ${what}`);
  };
  if (!(r.durationMinutes > 0) || !Number.isFinite(r.durationMinutes)) bad('durationMinutes must be > 0');
  if (!(r.bufferBeforeMinutes >= 0) || !Number.isFinite(r.bufferBeforeMinutes)) bad('bufferBeforeMinutes must be >= 0');
  if (!(r.bufferAfterMinutes >= 0) || !Number.isFinite(r.bufferAfterMinutes)) bad('bufferAfterMinutes must be >= 0');
  if (!(r.minimumNoticeMinutes >= 0) || !Number.isFinite(r.minimumNoticeMinutes))
    bad('minimumNoticeMinutes must be >= 0');
  if (!(r.horizonDays >= 0) || !Number.isFinite(r.horizonDays)) bad('horizonDays must be >= 0');
  if (r.dailyLimit !== null && !(Number.isInteger(r.dailyLimit) && r.dailyLimit >= 0)) {
    bad('dailyLimit must be null or an integer >= 0');
  }
  if (r.gridMinutes !== undefined && !(r.gridMinutes > 0 && Number.isFinite(r.gridMinutes))) {
    bad('gridMinutes must be > 0');
  }
}

function checkQuery(q: SlotQuery): void {
  if (!Number.isFinite(q.from) || !Number.isFinite(q.to) || !Number.isFinite(q.now)) {
    throw new RangeError('Slot query: from, to and now must be finite epoch milliseconds');
  }
}
