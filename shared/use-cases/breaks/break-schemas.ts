/**
 * Therapist-break endpoints: request and response schemas (read by the OpenAPI generator). Dates
 * are the therapist's calendar days, YYYY-MM-DD, both inclusive. The rules that need the clock and
 * the therapist's zone (not in the past, at most six months) are checked in the domain, with the
 * same field paths.
 */
import { DateTime } from 'luxon';
import * as z from '#shared/zod.js';
import { bookingKinds, bookingStatuses } from '#shared/domain/booking.js';
import { maxBreakMessageLength } from '#shared/domain/therapist-break.js';

const id = z.lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)));
const instant = z.lazy(() => z.iso.datetime({ offset: true }));

const date = (field: 'start' | 'end', what: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `Please give the ${what} of the break.`
          : `Please send ${field} as text, like 2026-08-03.`,
    })
    .check(
      z.trim(),
      z.regex(/^\d{4}-\d{2}-\d{2}$/, `Please give ${field} as a date, like 2026-08-03.`),
      z.refine((v) => DateTime.fromISO(v).isValid, `Please give ${field} as a real date, like 2026-08-03.`),
    );

export const breakParams = z.lazy(() => z.object({ breakId: id }));

export const createBreakBody = z.lazy(() =>
  z
    .strictObject(
      {
        start: date('start', 'first day'),
        end: date('end', 'last day'),
        message: z.pipe(
          z.optional(
            z
              .string({ error: 'Please send the message as text.' })
              .check(
                z.trim(),
                z.maxLength(
                  maxBreakMessageLength,
                  `Please keep the message to ${maxBreakMessageLength} characters or fewer; clients read it in the notice.`,
                ),
              ),
          ),
          z.transform((v) => (v === '' ? undefined : v)),
        ),
      },
      { error: 'Please send the break as a JSON object with its start and end dates.' },
    )
    .check(
      z.refine((b) => b.end >= b.start, {
        message: 'Please give an end date on or after the start date (both days are part of the break).',
        path: ['end'],
      }),
    ),
);

export const remindBody = z.lazy(() =>
  z.strictObject(
    {
      clientId: z
        .string({ error: 'Please give the clientId of the client to remind.' })
        .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Please give the clientId as GET /me/clients shows it.')),
    },
    { error: 'Please send the client to remind as a JSON object: { "clientId": "…" }.' },
  ),
);

const bookingInside = z.lazy(() =>
  z.object({
    bookingId: z.string(),
    kind: z.enum(bookingKinds),
    status: z.enum(bookingStatuses),
    start: instant,
    end: instant,
    client: z.object({ name: z.string() }),
    clientId: z.optional(z.string()),
    insideBreak: z.literal(true),
  }),
);

export const breakResponse = z.lazy(() =>
  z.object({
    breakId: z.string(),
    start: z.string(),
    end: z.string(),
    message: z.optional(z.string()),
    when: z.string(),
    status: z.enum(['upcoming', 'current', 'ended']),
    timeZone: z.string(),
    notice: z.object({ dueAt: instant, sentAt: z.optional(instant), clients: z.number().check(z.int()) }),
    welcomeBack: z.object({
      dueAt: instant,
      sentAt: z.optional(instant),
      invited: z.number().check(z.int()),
      reminded: z.number().check(z.int()),
      earlyWindowEndsAt: instant,
      notRebooked: z.optional(z.array(z.object({ clientId: z.string(), name: z.string(), reminded: z.boolean() }))),
    }),
    bookingsInside: z.array(bookingInside),
  }),
);

export const breakListResponse = z.lazy(() => z.object({ timeZone: z.string(), items: z.array(breakResponse) }));
export const breakDeletedResponse = z.lazy(() =>
  z.object({ breakId: z.string(), corrections: z.number().check(z.int()) }),
);
export const reminderResponse = z.lazy(() =>
  z.object({ clientId: z.string(), invitationId: z.string(), bookingUrl: z.url(), expiresAt: instant }),
);
