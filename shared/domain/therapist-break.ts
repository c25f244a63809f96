/**
 * Therapist breaks (holiday, leave): a closed range of therapist-local dates, both ends inclusive.
 * Pure rules, time as an input: what a valid new break is, when its notice and welcome back go out,
 * how its dates read to a client, and which days after it are kept for returning clients.
 *
 * Timeline of one break (all at 09:00 on the therapist's wall clock — a time people read their post
 * and the therapist is at work, never a note arriving in the night):
 *   notice       breakNoticeDays before the first day (at once when the break is made later than that)
 *   welcome back welcomeBackDays before the first day back, but never before the break has begun,
 *                so nobody is invited back before they have been told about the break
 *   early window from the welcome back for earlyWindowDays: the first two weeks after the break are
 *                offered to returning clients' (session) invitations only; consultation invitations
 *                see them once the window has closed
 */
import { DateTime } from 'luxon';
import { RuleViolation, StateConflict } from './errors.js';
import type { InvitationKind } from './invitation.js';
import type { PracticeSettings } from './practice-settings.js';
import { parseLocalDate } from './slots/local-time.js';
import { compileSchedule, intervalsForDay } from './slots/schedule.js';
import type { Break, DateOverride, WeeklyHours } from './slots/types.js';

/** Six months: long enough for parental or sick leave, short enough that a typo (2062) is caught. */
export const maxBreakDays = 183;
/** A break can be planned up to two years ahead. */
export const maxDaysAhead = 730;
/** The therapist's note shown to clients in the notice. */
export const maxBreakMessageLength = 500;
/**
 * How many days after a break the early window keeps for returning clients: two weeks covers both
 * weekly and fortnightly rhythms, so every returning client can find their usual time again.
 */
export const returningClientsFirstDays = 14;
/** The hour of the day (therapist-local) at which break emails go out. */
export const sendHour = 9;

export type BreakPolicy = Pick<PracticeSettings, 'breakNoticeDays' | 'welcomeBackDays' | 'earlyWindowDays'>;

export interface BreakDates {
  /** YYYY-MM-DD, therapist-local, inclusive. */
  start: string;
  end: string;
}

export interface BreakTimeline {
  noticeAt: Date;
  welcomeBackAt: Date;
  /** Until then the first days after the break are for returning clients only. */
  earlyWindowEndsAt: Date;
  /** The first date after the break (YYYY-MM-DD). */
  firstDayBack: string;
}

const day = (date: string, zone: string): DateTime => DateTime.fromISO(date, { zone }).startOf('day');
const at = (date: DateTime): Date => date.set({ hour: sendHour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

export const todayIn = (zone: string, now: Date): string => DateTime.fromMillis(now.getTime(), { zone }).toISODate()!;

/** Both dates inclusive: a one-day break has length 1. */
export const breakLength = (b: BreakDates): number =>
  Math.round(DateTime.fromISO(b.end).diff(DateTime.fromISO(b.start), 'days').days) + 1;

export const overlaps = (a: BreakDates, b: BreakDates): boolean => a.start <= b.end && b.start <= a.end;

/**
 * When the break's emails are due, by the rules above, before `now` is applied: a timer due in the
 * past fires on the next sweep (see `dueFrom`).
 */
export function breakTimeline(b: BreakDates, zone: string, policy: BreakPolicy): BreakTimeline {
  const first = day(b.start, zone);
  const back = day(b.end, zone).plus({ days: 1 });
  const noticeAt = at(first.minus({ days: policy.breakNoticeDays }));
  const welcomeBackAt = later(later(at(back.minus({ days: policy.welcomeBackDays })), at(first)), noticeAt);
  const earlyWindowEndsAt = DateTime.fromJSDate(welcomeBackAt, { zone })
    .plus({ days: policy.earlyWindowDays })
    .toJSDate();
  return { noticeAt, welcomeBackAt, earlyWindowEndsAt, firstDayBack: back.toISODate()! };
}

/** How far past a break the day back is looked for: two months outlasts any run of closed days but a second break. */
const dayBackSearchDays = 62;

/** What `dayBack` needs of a therapist's schedule: hours (if set), date overrides, every break. */
export interface WorkingDays {
  hours?: WeeklyHours | undefined;
  overrides: readonly DateOverride[];
  breaks: readonly Break[];
}

/**
 * The day the therapist is back, as a client means it: the first date after the break on which they
 * work (weekly hours or a date override that opens it, not closed by an override or another break).
 * A Monday-to-Friday therapist whose break ends on a Friday is back on Monday, not "on Saturday".
 * Without hours, or with none in the two months after, it is the calendar day after the break.
 */
export function dayBack(b: BreakDates, days: WorkingDays): string {
  const after = DateTime.fromISO(b.end).plus({ days: 1 });
  const fallback = after.toISODate()!;
  if (!days.hours) return fallback;
  let schedule;
  try {
    schedule = compileSchedule(days.hours, days.overrides, days.breaks);
  } catch {
    // Stored schedules were validated on the way in; a bad one must not stop a break email.
    return fallback;
  }
  const first = parseLocalDate(fallback)!;
  for (let day = first; day < first + dayBackSearchDays; day++) {
    if (intervalsForDay(schedule, day) !== null) return after.plus({ days: day - first }).toISODate()!;
  }
  return fallback;
}

/** A due time already past means "now": the sweep picks it up on its next run. */
export const dueFrom = (due: Date, now: Date): Date => later(due, now);

/**
 * The rules a new break must keep that need the calendar and the clock (the schema has checked
 * the dates are real and end >= start). Throws RuleViolation naming the field.
 */
export function checkNewBreak(b: BreakDates, zone: string, now: Date): void {
  const today = todayIn(zone, now);
  if (b.end < b.start) throw new RuleViolation('Please give an end date on or after the start date.', 'end');
  if (b.start < today)
    throw new RuleViolation(
      `Please choose a start date from today (${today}) on; a break cannot begin in the past.`,
      'start',
    );
  const ahead = DateTime.fromISO(today).plus({ days: maxDaysAhead }).toISODate()!;
  if (b.start > ahead) throw new RuleViolation(`Please choose a start date within two years (by ${ahead}).`, 'start');
  if (breakLength(b) > maxBreakDays)
    throw new RuleViolation(
      `A break can be at most ${maxBreakDays} days (about six months); this one is ${breakLength(b)}.`,
      'end',
    );
}

/** Throws StateConflict (409) naming the break it overlaps, so the therapist knows which to change. */
export function checkNoOverlap(b: BreakDates, existing: readonly (BreakDates & { breakId: string })[]): void {
  const clash = existing.find((e) => overlaps(b, e));
  if (!clash) return;
  throw new StateConflict(
    `These dates overlap your break ${breakDatesInWords(clash)}. Please choose other dates, or delete that break first.`,
    {
      conflictingBreak: { breakId: clash.breakId, start: clash.start, end: clash.end },
    },
  );
}

/** Where a break stands on `now`: its dates are the therapist's, so "today" is theirs too. */
export function breakStatus(b: BreakDates, zone: string, now: Date): 'upcoming' | 'current' | 'ended' {
  const today = todayIn(zone, now);
  if (today < b.start) return 'upcoming';
  return today <= b.end ? 'current' : 'ended';
}

/**
 * The dates as a client would say them: "from Monday 3 August to Friday 14 August", "on Monday 3
 * August" for one day. The year is named when the break is not wholly in the year of `now`.
 */
export function breakDatesInWords(b: BreakDates, now?: Date): string {
  const s = DateTime.fromISO(b.start, { locale: 'en-GB' });
  const e = DateTime.fromISO(b.end, { locale: 'en-GB' });
  const thisYear = now ? now.getUTCFullYear() : s.year;
  const withYear = s.year !== thisYear || e.year !== thisYear || s.year !== e.year;
  const fmt = (d: DateTime): string => d.toFormat(withYear ? 'cccc d LLLL yyyy' : 'cccc d LLLL');
  return b.start === b.end ? `on ${fmt(s)}` : `from ${fmt(s)} to ${fmt(e)}`;
}

/** "Monday 17 August": a single date in a client's words. */
export const dateInWords = (date: string): string =>
  DateTime.fromISO(date, { locale: 'en-GB' }).toFormat('cccc d LLLL');

/** The first days after a break that its early window keeps for returning clients. */
export function keptForReturningClients(b: BreakDates): Break {
  const first = DateTime.fromISO(b.end).plus({ days: 1 });
  return { start: first.toISODate()!, end: first.plus({ days: returningClientsFirstDays - 1 }).toISODate()! };
}

/**
 * The date ranges closed to an invitation of `kind` on `now`: every break, and — for consultation
 * invitations (new clients) only — the first days after a break until its early window has closed.
 * From the moment a break exists, not only from the welcome back: otherwise a new enquirer could take
 * a returning client's usual time before that client had been invited. Session invitations (returning
 * clients) see the kept days throughout. The slot engine takes the result as its breaks.
 */
export function closedDatesFor(
  kind: InvitationKind,
  breaks: readonly Break[],
  zone: string,
  policy: BreakPolicy,
  now: Date,
): Break[] {
  if (kind !== 'consultation' || policy.earlyWindowDays === 0) return [...breaks];
  const kept = breaks
    .filter((b) => now.getTime() < breakTimeline(b, zone, policy).earlyWindowEndsAt.getTime())
    .map(keptForReturningClients);
  return [...breaks, ...kept];
}
