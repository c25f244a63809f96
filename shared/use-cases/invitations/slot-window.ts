/**
 * The window of GET /invitations/{token}/slots?from&to&tz, read in the visitor's zone:
 * - tz: an IANA zone; without it, the therapist's zone (the response names the zone it used, so a
 *   page can show it and ask again with the browser's zone).
 * - from, to: a date (YYYY-MM-DD, a whole day in tz; `to` is inclusive) or an instant with its offset.
 *   Without from: now. Without to: 14 days after from.
 * - at most 31 days at a time (plus the hour a clock change can add), so one request stays one
 *   bounded Query and one fast engine call.
 */
import { DateTime } from 'luxon';
import { RuleViolation } from '#shared/domain/errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const maxWindowDays = 31;
export const defaultWindowDays = 14;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

export interface SlotWindowQuery {
  from?: string;
  to?: string;
  tz?: string;
}

export interface ResolvedWindow {
  from: number;
  to: number;
  timeZone: string;
}

function instant(value: string, zone: string, edge: 'start' | 'end-of-day', field: 'from' | 'to'): number {
  if (dateOnly.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    if (!day.isValid)
      throw new RuleViolation(`Please give ${field} as a real date, like 2026-03-29.`, `query.${field}`);
    return (edge === 'end-of-day' ? day.plus({ days: 1 }) : day).startOf('day').toMillis();
  }
  const t = DateTime.fromISO(value, { setZone: true });
  if (!t.isValid)
    throw new RuleViolation(
      `Please give ${field} as a date (2026-03-29) or a time with its offset (2026-03-29T09:00:00+01:00).`,
      `query.${field}`,
    );
  return t.toMillis();
}

export function resolveSlotWindow(query: SlotWindowQuery, therapistZone: string, now: Date): ResolvedWindow {
  const timeZone = query.tz ?? therapistZone;
  const from = query.from === undefined ? now.getTime() : instant(query.from, timeZone, 'start', 'from');
  const to =
    query.to === undefined ? from + defaultWindowDays * DAY_MS : instant(query.to, timeZone, 'end-of-day', 'to');
  if (to <= from) throw new RuleViolation('Please give a to that is after from.', 'query.to');
  if (to - from > maxWindowDays * DAY_MS + 60 * 60 * 1000)
    throw new RuleViolation(
      `Please ask for at most ${maxWindowDays} days at a time; this asks for ${Math.round((to - from) / DAY_MS)}.`,
      'query.to',
    );
  return { from, to, timeZone };
}
