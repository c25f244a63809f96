/** Busy calendars: request and response schemas (read by the OpenAPI generator). */
import * as z from '../../shared/zod.js';
import { calendarProblemCodes } from '../../shared/calendars/calendar-problem.js';
import { maxBusyCalendars } from '../../shared/store/index.js';

const instant = z.lazy(() => z.iso.datetime({ offset: true }));

export const busyCalendarSource = z.lazy(() => z.strictObject({
  label: z.string({ error: 'Give the calendar a name you will recognise, like “Home”.' }).check(
    z.trim(),
    z.minLength(1, 'Give the calendar a name you will recognise, like “Home”.'),
    z.maxLength(60, 'Keep the name to 60 characters or fewer.'),
  ),
  url: z.string({ error: 'Give the calendar’s address, starting with https://.' }).check(
    z.trim(),
    z.minLength(1, 'Give the calendar’s address, starting with https://.'),
    z.maxLength(2048, 'This address is longer than any calendar address we know (2048 characters at most).'),
    z.describe("The calendar's iCal address: https:// or webcal:// (Google: “Secret address in iCal format”). Kept private: shown only to you, never logged."),
  ),
}));

/** The whole list, as it should be: [] removes every calendar. */
export const busyCalendarsBody = z.lazy(() => z.array(busyCalendarSource, { error: 'Send the list of calendars: [{ "label": "Home", "url": "https://…" }], or [] for none.' }).check(
  z.maxLength(maxBusyCalendars, `Add at most ${maxBusyCalendars} calendars.`),
));

export const busyCalendarsResponse = z.lazy(() => z.array(
  z.object({
    calendarId: z.string(),
    label: z.string(),
    url: z.string(),
    status: z.enum(['waiting', 'ok', 'failing']).check(z.describe('waiting: not read yet; ok: the last read worked; failing: it did not, and the busy times of the last good read still block')),
    busyTimes: z.number().check(z.int(), z.describe('Busy times in your booking window, from the last good read')),
    lastSyncedAt: z.optional(instant).check(z.describe('When a read last worked')),
    lastAttemptAt: z.optional(instant),
    nextSyncAt: instant,
    problem: z.optional(z.object({ code: z.enum(calendarProblemCodes), message: z.string() })),
  }),
));
