/**
 * The shapes a therapist sends for working hours (PUT /me/availability) and date overrides
 * (POST /me/availability/overrides), with every problem reported at its field path
 * (`weekly.mon.1.end`) in words a person can act on. What these accept, the slot engine accepts:
 * the same "HH:MM" parser (slots/local-time.ts), end after start, no overlaps within a day.
 */
import { IANAZone } from 'luxon';
import * as z from '../zod.js';
import { MINUTES_PER_DAY, parseLocalDate, parseLocalTime, WEEKDAYS } from './slots/local-time.js';
import type { LocalInterval, Weekday } from './slots/types.js';

/** Enough for split days (morning, afternoon, evening...) without inviting a minute-by-minute timetable. */
export const maxIntervalsPerDay = 6;

const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** True for IANA names only: luxon would also read "local" or "system" as the machine's zone. */
export function isIanaZone(name: string): boolean {
  return name !== '' && name.toLowerCase() !== 'local' && name.toLowerCase() !== 'system' && IANAZone.isValidZone(name);
}

export const timeZoneSchema = z.lazy(() =>
  z.string({ error: 'Please give the time zone as text, like Europe/London.' }).check(
    z.trim(),
    z.superRefine((v, ctx) => {
      // One message per value: the most useful one.
      if (v === '') ctx.addIssue({ code: 'custom', message: 'Please give your time zone, like Europe/London.' });
      else if (v.length > 64 || !isIanaZone(v))
        ctx.addIssue({
          code: 'custom',
          message: 'This is not a time zone we know. Please use a name like Europe/London or America/New_York.',
        });
    }),
  ),
);

/**
 * A start or end time. `day` names the day in weekly hours ("Monday"), so the error a therapist
 * reads beside one of seven identical rows, or in the summary at the top, says which day it is.
 */
const clock = (which: 'start' | 'end', day?: string) => {
  const example = which === 'start' ? '09:00' : '17:00';
  const on = day ? `${day}: please` : 'Please';
  return z.string({ error: `${on} give the ${which} time as text, like "${example}".` }).check(
    z.refine(
      (v) => parseLocalTime(v) !== null,
      `${on} give the ${which} time as HH:MM on the 24-hour clock, like "${example}"${which === 'end' ? ' (or "24:00" for midnight)' : ''}.`,
    ),
    z.refine(
      (v) => which === 'end' || v !== '24:00',
      `${day ? `${day}: a` : 'A'} period cannot start at 24:00. Use 00:00 for the start of the day.`,
    ),
  );
};

const intervalOf = (day?: string) =>
  z.strictObject(
    { start: clock('start', day), end: clock('end', day) },
    { error: `${day ? `${day}: please` : 'Please'} give each period as { "start": "09:00", "end": "17:00" }.` },
  );

export const localIntervalSchema = z.lazy(() => intervalOf());

/** Adds an issue at `path` for each period that ends before it starts or overlaps an earlier one. */
function checkDay(
  list: readonly LocalInterval[],
  label: string,
  ctx: z.core.$RefinementCtx,
  path: (string | number)[],
): void {
  const parsed = list.map((iv, index) => ({ index, s: parseLocalTime(iv.start), e: parseLocalTime(iv.end), iv }));
  const ordered: { index: number; s: number; e: number; iv: LocalInterval }[] = [];
  for (const p of parsed) {
    // Malformed times and a 24:00 start are reported by the field's own schema.
    if (p.s === null || p.e === null || p.s === MINUTES_PER_DAY) continue;
    if (p.e <= p.s) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, p.index, 'end'],
        message: `${label}: ${p.iv.start}–${p.iv.end} ends ${p.e === p.s ? 'when' : 'before'} it starts. Please give an end time after ${p.iv.start}.`,
      });
      continue;
    }
    ordered.push({ ...p, s: p.s, e: p.e });
  }
  ordered.sort((a, b) => a.s - b.s || a.index - b.index);
  let reach: (typeof ordered)[number] | undefined;
  for (const p of ordered) {
    if (reach && p.s < reach.e) {
      // Name the later-listed period, so the path points at the one the therapist most likely just added.
      const [first, second] = reach.index < p.index ? [reach, p] : [p, reach];
      ctx.addIssue({
        code: 'custom',
        path: [...path, second.index, 'start'],
        message: `${label}: ${second.iv.start}–${second.iv.end} overlaps ${first.iv.start}–${first.iv.end}. Please join them into one period or move one.`,
      });
    }
    if (!reach || p.e > reach.e) reach = p;
  }
}

const dayList = (label: string) =>
  z
    .array(intervalOf(label), { error: `Please give ${label}'s hours as a list of periods, or [] for a day off.` })
    .check(
      // refine, not maxLength: zod's maxLength also measures a string given instead of a list, and says so twice.
      z.refine(
        (list) => list.length <= maxIntervalsPerDay,
        `Please use at most ${maxIntervalsPerDay} periods on ${label}.`,
      ),
    );

const weeklyShape = () =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.optional(dayList(dayNames[d]))])) as Record<
    Weekday,
    z.ZodMiniOptional<ReturnType<typeof dayList>>
  >;

export const weeklyHoursSchema = z.lazy(() =>
  z
    .strictObject(
      {
        timeZone: timeZoneSchema,
        weekly: z.strictObject(weeklyShape(), {
          error:
            'Please give weekly as an object with a list of periods for each working day, like { "mon": [{ "start": "09:00", "end": "17:00" }] }.',
        }),
      },
      {
        error:
          'Please send { "timeZone": "Europe/London", "weekly": { "mon": [{ "start": "09:00", "end": "17:00" }] } }.',
      },
    )
    .check(
      z.superRefine((hours, ctx) => {
        for (const day of WEEKDAYS) {
          const list = hours.weekly[day];
          if (list) checkDay(list, dayNames[day], ctx, ['weekly', day]);
        }
      }),
    ),
);
export type WeeklyHoursInput = z.infer<typeof weeklyHoursSchema>;

/** A real calendar date, YYYY-MM-DD. */
export const localDateSchema = z.lazy(() =>
  z
    .string({ error: 'Please give the date as text, like "2026-03-29".' })
    .check(z.refine((v) => parseLocalDate(v) !== null, 'Please give a real date as YYYY-MM-DD, like "2026-03-29".')),
);

export const dateOverrideSchema = z.lazy(() =>
  z
    .strictObject(
      {
        date: localDateSchema,
        intervals: z
          .array(localIntervalSchema, { error: 'Please give intervals as a list of periods, or [] to close the day.' })
          .check(
            z.refine(
              (list) => list.length <= maxIntervalsPerDay,
              `Please use at most ${maxIntervalsPerDay} periods in one day.`,
            ),
          ),
      },
      {
        error:
          'Please send { "date": "2026-03-29", "intervals": [{ "start": "09:00", "end": "12:00" }] }, or "intervals": [] to close the day.',
      },
    )
    .check(z.superRefine((o, ctx) => checkDay(o.intervals, o.date, ctx, ['intervals']))),
);
export type DateOverrideInput = z.infer<typeof dateOverrideSchema>;

/** Wall-clock length in minutes of the longest stretch on the start grid that fits inside one period. */
export function longestBookableMinutes(intervals: readonly LocalInterval[], gridMinutes = 15): number {
  let longest = 0;
  for (const iv of intervals) {
    const s = parseLocalTime(iv.start);
    const e = parseLocalTime(iv.end);
    if (s === null || e === null || s >= MINUTES_PER_DAY) continue;
    // Appointments start on the grid, so 09:10–10:00 holds 45 minutes from 09:15, not 50.
    const firstStart = Math.ceil(s / gridMinutes) * gridMinutes;
    longest = Math.max(longest, e - firstStart);
  }
  return longest;
}

export interface LengthFit {
  /** The longest bookable stretch over the week, and the day it falls on. */
  longestMinutes: number;
  longestDay?: Weekday;
}

/** The longest bookable stretch of the week; 0 when no day has hours. */
export function weeklyFit(weekly: Partial<Record<Weekday, LocalInterval[]>>, gridMinutes = 15): LengthFit {
  let fit: LengthFit = { longestMinutes: 0 };
  for (const day of WEEKDAYS) {
    const m = longestBookableMinutes(weekly[day] ?? [], gridMinutes);
    if (m > fit.longestMinutes) fit = { longestMinutes: m, longestDay: day };
  }
  return fit;
}

export const weekdayName = (day: Weekday): string => dayNames[day];
