/**
 * Parsing of wall-clock strings ("HH:MM", "YYYY-MM-DD") into plain numbers, and calendar arithmetic
 * on "local day numbers" (days since 1970-01-01 of the wall-clock calendar, i.e. a local date read
 * as if it were UTC). No zone logic here.
 */
import type { Weekday } from './types.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YYYY_MM_DD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after local midnight for "HH:MM" (00:00–23:59) or "24:00" (= 1440); null when malformed. */
export function parseLocalTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  if (value === '24:00') return MINUTES_PER_DAY;
  const m = HH_MM.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Local day number of a "YYYY-MM-DD" calendar date; null when malformed or not a real date. */
export function parseLocalDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = YYYY_MM_DD.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** JS day-of-week (0 = Sunday) of a local day number; 1970-01-01 was a Thursday. */
export function jsDayOfWeek(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}
