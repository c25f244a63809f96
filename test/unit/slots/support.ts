/**
 * Test support for the slot engine: readable time helpers and a deliberately naive reference
 * implementation (the "oracle") written without the engine's code, using luxon for every zone fact.
 */
import { DateTime, IANAZone } from 'luxon';
import { lockCells } from '#shared/domain/slots/index.js';
import type {
  Break,
  BusyInterval,
  DateOverride,
  LocalInterval,
  Slot,
  SlotQuery,
  SlotRules,
  Weekday,
  WeeklyHours,
} from '#shared/domain/slots/index.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Instant of an unambiguous wall-clock time "YYYY-MM-DDTHH:mm" in `zone`. */
export function at(zone: string, local: string): number {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toMillis();
}

/** Wall-clock reading of an instant in `zone`, "YYYY-MM-DDTHH:mm". */
export function wall(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function walls(slots: readonly Slot[], zone: string): string[] {
  return slots.map((s) => wall(s.start, zone));
}

export const WEEKDAYS_MON_FRI: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export function monFri(timeZone: string, start = '09:00', end = '17:00'): WeeklyHours {
  const weekly: Partial<Record<Weekday, LocalInterval[]>> = {};
  for (const d of WEEKDAYS_MON_FRI) weekly[d] = [{ start, end }];
  return { timeZone, weekly };
}

export function everyDay(timeZone: string, intervals: LocalInterval[]): WeeklyHours {
  const weekly: Partial<Record<Weekday, LocalInterval[]>> = {};
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) weekly[d] = intervals;
  return { timeZone, weekly };
}

export const RULES: SlotRules = {
  durationMinutes: 50,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  horizonDays: 365,
  dailyLimit: null,
  gridMinutes: 15,
};

// ---------------------------------------------------------------------------------------------
// Oracle
// ---------------------------------------------------------------------------------------------

const JS_WEEKDAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const zones = new Map<string, IANAZone>();
function offsetMs(t: number, zone: string): number {
  let z = zones.get(zone);
  if (!z) zones.set(zone, (z = IANAZone.create(zone) as IANAZone));
  return z.offset(t) * MIN;
}

function localMs(date: string, minute: number): number {
  return Date.parse(`${date}T00:00:00Z`) + minute * MIN;
}

function addDays(date: string, n: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: n }).toISODate()!;
}

function hhmm(s: string): number {
  return s === '24:00' ? 1440 : Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

const offsetsMemo = new Map<string, number[]>();

/** Every offset `zone` uses within 18 hours either side of a date's midnight (samples every 3 hours). */
function offsetsAround(zone: string, date: string): number[] {
  const key = `${zone}|${date}`;
  let hit = offsetsMemo.get(key);
  if (!hit) {
    const L = localMs(date, 0);
    const set = new Set<number>();
    for (let h = -18; h <= 42; h += 3) set.add(offsetMs(L + h * HOUR, zone));
    offsetsMemo.set(key, (hit = [...set]));
  }
  return hit;
}

/** Every instant at which the wall clock in `zone` reads `date` + `minute`, ascending (0, 1 or 2). */
export function occurrences(zone: string, date: string, minute: number): number[] {
  const L = localMs(date, minute);
  const found: number[] = [];
  for (const o of offsetsAround(zone, date)) {
    const t = L - o;
    if (offsetMs(t, zone) === o && !found.includes(t)) found.push(t);
  }
  return found.sort((a, b) => a - b);
}

/** Instant for a wall time with the engine's documented rule, found by brute force. */
export function resolveWall(zone: string, date: string, minute: number, prefer: 'earlier' | 'later'): number {
  if (minute === 1440) return resolveWall(zone, addDays(date, 1), 0, 'earlier');
  const occ = occurrences(zone, date, minute);
  if (occ.length > 0) return prefer === 'earlier' ? occ[0]! : occ[occ.length - 1]!;
  // Skipped: first instant whose wall clock is later than the skipped time (minute steps).
  const L = localMs(date, minute);
  let t = L - 15 * HOUR;
  while (t + offsetMs(t, zone) <= L) t += MIN;
  // refine to the second, to the exact transition
  let s = t - MIN;
  while (s + offsetMs(s, zone) <= L) s += 1000;
  return s;
}

export interface OracleInput {
  hours: WeeklyHours;
  overrides: readonly DateOverride[];
  breaks: readonly Break[];
  busy: readonly BusyInterval[];
  rules: SlotRules;
  query: SlotQuery;
}

/** Brute-force findFreeSlots: every wall-clock grid time of every day, every rule checked directly. */
export function oracleSlots(input: OracleInput): Slot[] {
  const { hours, overrides, breaks, busy, rules, query } = input;
  const zone = hours.timeZone;
  const dur = rules.durationMinutes * MIN;
  const grid = rules.gridMinutes ?? 15;
  const out: Slot[] = [];
  // A slot is blocked when it would need a lock cell an existing booking holds. Busy intervals are
  // occupied ranges already (their own buffers in): their cells are the cells they touch.
  const busyCells = busy.map((b) => new Set(lockCells(b.start, b.end, 0, 0)));
  const lo = Math.max(query.from, query.now + rules.minimumNoticeMinutes * MIN);
  const firstDate = DateTime.fromMillis(lo - 2 * DAY, { zone }).toISODate()!;
  const lastDate = DateTime.fromMillis(Math.min(query.to, query.now + rules.horizonDays * DAY) + 2 * DAY, {
    zone,
  }).toISODate()!;
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    if (breaks.some((b) => b.start <= date && date <= b.end)) continue;
    const override = [...overrides].reverse().find((o) => o.date === date);
    const weekday = JS_WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
    const intervals = override ? override.intervals : (hours.weekly[weekday] ?? []);
    if (intervals.length === 0) continue;
    const dayStart = resolveWall(zone, date, 0, 'earlier');
    const dayEnd = resolveWall(zone, addDays(date, 1), 0, 'earlier');
    if (rules.dailyLimit !== null) {
      const n = busy.filter((b) => b.start >= dayStart && b.start < dayEnd).length;
      if (n >= rules.dailyLimit) continue;
    }
    const resolved = intervals
      .map(
        (iv) =>
          [resolveWall(zone, date, hhmm(iv.start), 'earlier'), resolveWall(zone, date, hhmm(iv.end), 'later')] as const,
      )
      .map(([a, b]) => [Math.max(a, dayStart), Math.min(b, dayEnd)] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    const union: [number, number][] = [];
    for (const [a, b] of resolved) {
      const lastU = union[union.length - 1];
      if (lastU && a <= lastU[1]) lastU[1] = Math.max(lastU[1], b);
      else union.push([a, b]);
    }
    for (let m = 0; m < 1440; m += grid) {
      for (const s of occurrences(zone, date, m)) {
        const e = s + dur;
        if (!union.some(([a, b]) => a <= s && e <= b)) continue;
        if (s < lo || e > query.to || s >= query.now + rules.horizonDays * DAY) continue;
        const cells = lockCells(s, e, rules.bufferBeforeMinutes, rules.bufferAfterMinutes);
        if (busyCells.some((set) => cells.some((c) => set.has(c)))) continue;
        out.push({ start: s, end: e });
      }
    }
  }
  out.sort((x, y) => x.start - y.start);
  return out.filter((s, i) => i === 0 || s.start !== out[i - 1]!.start);
}
