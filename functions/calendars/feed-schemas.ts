/** The calendar feed: request and response schemas (read by the OpenAPI generator). */
import * as z from '#shared/zod.js';
import { feedShowsOptions } from '#shared/domain/calendar-feed.js';

const instant = z.lazy(() => z.iso.datetime({ offset: true }));

export const calendarFeedResponse = z.lazy(() =>
  z.object({
    url: z
      .url()
      .check(
        z.describe(
          'Your private subscription URL: anyone who has it sees the feed. Rotate it if it was shared by mistake.',
        ),
      ),
    shows: z
      .enum(feedShowsOptions)
      .check(
        z.describe(
          'What the feed shows of each client: initials (the default), first name, or nothing ("Appointment")',
        ),
      ),
    createdAt: instant,
    updatedAt: instant,
  }),
);

export const calendarFeedBody = z.lazy(() =>
  z.strictObject({
    shows: z.enum(feedShowsOptions, {
      error: 'Choose what the feed shows of each client: "initials", "first-name" or "nothing".',
    }),
  }),
);

/**
 * API Gateway path variables are whole segments, so the route is /feeds/{feedFile} and the file name
 * is checked here: the token (43 base64url characters) and ".ics". Anything else names no feed: 404.
 */
export const feedParams = z.lazy(() =>
  z.object({
    feedFile: z
      .string()
      .check(z.regex(/^[A-Za-z0-9_-]{43}\.ics$/), z.describe('{token}.ics, from the URL GET /me/calendar-feed gives')),
  }),
);
