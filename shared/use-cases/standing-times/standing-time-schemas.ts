/**
 * Standing-time endpoints: request and response schemas (read by the OpenAPI generator). The rules
 * that need the therapist's hours, settings, zone or clock (inside working hours, a length they
 * offer, not in the past) are checked in the use case, with the same field paths.
 */
import { DateTime } from 'luxon';
import * as z from '#shared/zod.js';
import { standingEvery, standingTimeStatuses, standingWeekdays } from '#shared/domain/standing-time.js';

const id = z.lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)));
const instant = z.lazy(() => z.iso.datetime({ offset: true }));

const date = (field: string, what: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `Please give ${what}.` : `Please send ${field} as text, like 2026-03-24.`,
    })
    .check(
      z.trim(),
      z.regex(/^\d{4}-\d{2}-\d{2}$/, `Please give ${field} as a date, like 2026-03-24.`),
      z.refine((v) => DateTime.fromISO(v).isValid, `Please give ${field} as a real date, like 2026-03-24.`),
    );

export const standingTimeParams = z.lazy(() => z.object({ standingTimeId: id }));
export const standingClientParams = z.lazy(() => z.object({ clientId: id }));

export const createStandingTimeBody = z.lazy(() =>
  z.strictObject(
    {
      weekday: z.enum(standingWeekdays, {
        error: `Please give the weekday as one of: ${standingWeekdays.join(', ')}.`,
      }),
      time: z
        .string({ error: 'Please give the start time as text, like 10:00.' })
        .check(
          z.trim(),
          z.regex(
            /^([01]\d|2[0-3]):[0-5]\d$/,
            'Please give the start time as hours and minutes on the 24-hour clock, like 10:00 or 17:30.',
          ),
        ),
      every: z.enum(standingEvery, { error: 'Please say how often: week or fortnight.' }),
      from: date('from', 'the first date'),
      until: z.optional(date('until', 'the last date')),
      count: z.optional(
        z
          .number({ error: 'Please give the number of sessions as a whole number.' })
          .check(
            z.int('Please give the number of sessions as a whole number.'),
            z.minimum(1, 'A regular time needs at least 1 session.'),
            z.maximum(520, 'Please set at most 520 sessions; a regular time with no end needs no count.'),
          ),
      ),
      lengthMinutes: z.optional(
        z
          .number({ error: 'Please give the length in whole minutes.' })
          .check(
            z.int('Please give the length in whole minutes.'),
            z.minimum(10, 'A session needs at least 10 minutes.'),
            z.maximum(240, 'A session can be at most 240 minutes.'),
          ),
      ),
    },
    { error: 'Please send the regular time as a JSON object with weekday, time, every and from.' },
  ),
);

export const skipBody = z.lazy(() =>
  z.strictObject(
    { date: date('date', 'the date to skip') },
    { error: 'Please send the date to skip as a JSON object, like {"date": "2026-03-24"}.' },
  ),
);

const dateView = z.lazy(() =>
  z.object({
    date: z.string(),
    start: instant,
    end: instant,
    status: z.enum(['held', 'needs-choice']),
    /** Why a date could not be held: a break or closed day, another booking, or your own calendar. */
    reason: z.optional(z.enum(['closed', 'booked', 'calendar'])),
    bookingId: z.optional(z.string()),
  }),
);

export const standingTimeResponse = z.lazy(() =>
  z.object({
    standingTimeId: z.string(),
    clientId: z.string(),
    weekday: z.enum(standingWeekdays),
    time: z.string(),
    lengthMinutes: z.int(),
    every: z.enum(standingEvery),
    from: z.string(),
    until: z.optional(z.string()),
    count: z.optional(z.int()),
    timeZone: z.string(),
    status: z.enum(standingTimeStatuses),
    skipped: z.array(z.string()),
    plannedUntil: instant,
    createdAt: instant,
    endedAt: z.optional(instant),
    dates: z.array(dateView),
  }),
);

export const standingTimeListResponse = z.lazy(() => z.object({ items: z.array(standingTimeResponse) }));

export const endStandingTimeResponse = z.lazy(() =>
  z.object({
    standingTimeId: z.string(),
    status: z.literal('ended'),
    endedAt: instant,
    released: z.array(z.string()),
  }),
);
