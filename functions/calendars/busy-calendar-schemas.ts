/** Busy calendars: request and response schemas (read by the OpenAPI generator). */
import * as z from '#shared/zod.js';
import { calendarProblemCodes } from '#shared/calendars/calendar-problem.js';
import { busyCalendarsBody, busyCalendarSource } from '#shared/use-cases/calendars/busy-calendar-schemas.js';

export { busyCalendarsBody, busyCalendarSource };

const instant = z.lazy(() => z.iso.datetime({ offset: true }));

export const busyCalendarsResponse = z.lazy(() =>
  z.array(
    z.object({
      calendarId: z.string(),
      label: z.string(),
      url: z.string(),
      status: z
        .enum(['waiting', 'ok', 'failing'])
        .check(
          z.describe(
            'waiting: not read yet; ok: the last read worked; failing: it did not, and the busy times of the last good read still block',
          ),
        ),
      busyTimes: z.number().check(z.int(), z.describe('Busy times in your booking window, from the last good read')),
      lastSyncedAt: z.optional(instant).check(z.describe('When a read last worked')),
      lastAttemptAt: z.optional(instant),
      nextSyncAt: instant,
      problem: z.optional(z.object({ code: z.enum(calendarProblemCodes), message: z.string() })),
    }),
  ),
);
