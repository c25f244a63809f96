/**
 * The busy-calendar list a therapist sends: one schema for both doors, the API's PUT
 * /me/busy-calendars and the console's calendar page.
 */
import * as z from '#shared/zod.js';
import { maxBusyCalendars } from '#shared/store/index.js';

export const busyCalendarSource = z.lazy(() =>
  z.strictObject({
    label: z
      .string({ error: 'Give the calendar a name you will recognise, like “Home”.' })
      .check(
        z.trim(),
        z.minLength(1, 'Give the calendar a name you will recognise, like “Home”.'),
        z.maxLength(60, 'Keep the name to 60 characters or fewer.'),
      ),
    url: z
      .string({ error: 'Give the calendar’s address, starting with https://.' })
      .check(
        z.trim(),
        z.minLength(1, 'Give the calendar’s address, starting with https://.'),
        z.maxLength(2048, 'This address is longer than any calendar address we know (2048 characters at most).'),
        z.describe(
          "The calendar's iCal address: https:// or webcal:// (Google: “Secret address in iCal format”). Kept private: shown only to you, never logged.",
        ),
      ),
  }),
);

/** The whole list, as it should be: [] removes every calendar. */
export const busyCalendarsBody = z.lazy(() =>
  z
    .array(busyCalendarSource, {
      error: 'Send the list of calendars: [{ "label": "Home", "url": "https://…" }], or [] for none.',
    })
    .check(z.maxLength(maxBusyCalendars, `Add at most ${maxBusyCalendars} calendars.`)),
);
