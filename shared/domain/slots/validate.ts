/** Human-readable problems with a therapist's weekly hours, for the settings screen. */
import { IANAZone } from 'luxon';
import { MINUTES_PER_DAY, parseLocalTime, WEEKDAYS } from './local-time.js';
import type { Weekday, WeeklyHours } from './types.js';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** [] when the hours are usable; otherwise one sentence per problem. */
export function validateWeeklyHours(hours: WeeklyHours): string[] {
  const problems: string[] = [];
  if (hours === null || typeof hours !== 'object') return ['Weekly hours are missing.'];
  const zone: unknown = hours.timeZone;
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    problems.push(`"${String(zone)}" is not a known time zone (use a name like Europe/London).`);
  }
  const weekly: unknown = hours.weekly;
  if (weekly === null || typeof weekly !== 'object' || Array.isArray(weekly)) {
    problems.push('Weekly hours need a list of times for each working day.');
    return problems;
  }
  for (const key of Object.keys(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      problems.push(`"${key}" is not a weekday (use mon, tue, wed, thu, fri, sat or sun).`);
    }
  }
  for (const day of WEEKDAYS) {
    const list: unknown = (weekly as Partial<Record<Weekday, unknown>>)[day];
    if (list === undefined) continue;
    problems.push(...intervalProblems(DAY_NAMES[day], list));
  }
  return problems;
}

/** Problems with one day's list of intervals; `label` names the day in the messages. */
export function intervalProblems(label: string, list: unknown): string[] {
  if (!Array.isArray(list)) return [`${label}: the times must be a list.`];
  const problems: string[] = [];
  const ok: { s: number; e: number; text: string }[] = [];
  list.forEach((iv: unknown, i) => {
    const rec = (iv ?? {}) as { start?: unknown; end?: unknown };
    const s = parseLocalTime(rec.start);
    const e = parseLocalTime(rec.end);
    const where = `${label}, period ${i + 1}`;
    if (s === null) problems.push(`${where}: start "${String(rec.start)}" is not a time like 09:00.`);
    else if (s === MINUTES_PER_DAY) problems.push(`${where}: a period cannot start at 24:00.`);
    if (e === null) problems.push(`${where}: end "${String(rec.end)}" is not a time like 17:00 (or 24:00).`);
    if (s === null || e === null || s === MINUTES_PER_DAY) return;
    const text = `${String(rec.start)}–${String(rec.end)}`;
    if (e <= s) {
      problems.push(`${where}: ${text} ends ${e === s ? 'when' : 'before'} it starts.`);
      return;
    }
    ok.push({ s, e, text });
  });
  ok.sort((x, y) => x.s - y.s);
  for (let i = 1; i < ok.length; i++) {
    // Compare with the furthest-reaching earlier period so chains of overlaps are all reported.
    let j = 0;
    for (let k = 1; k < i; k++) if (ok[k]!.e > ok[j]!.e) j = k;
    if (ok[i]!.s < ok[j]!.e) problems.push(`${label}: ${ok[j]!.text} overlaps ${ok[i]!.text}.`);
  }
  return problems;
}
