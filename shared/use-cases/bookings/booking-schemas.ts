/**
 * Booking endpoints: request and response schemas (read by the OpenAPI generator). Every field says
 * what to send when it is wrong; unknown fields are refused.
 */
import * as z from '#shared/zod.js';
import { bookingKinds, bookingStatuses } from '#shared/domain/booking.js';
import { appointmentModeSchema } from '#shared/domain/practice-settings.js';
import { timeZoneSchema } from '#shared/domain/weekly-hours-schema.js';

const isoInstant = z.lazy(() => z.iso.datetime({ offset: true }));
const phoneShape = /^\+?[0-9][0-9 ().-]{4,28}[0-9]$/;

/** A start time with its offset, e.g. 2026-03-05T10:00:00+00:00, read as a Date. */
const startTime = z.lazy(() =>
  z.pipe(
    z
      .string({
        error: (issue) => (issue.input === undefined ? 'Please choose a start time.' : 'Please send start as text.'),
      })
      .check(
        z.trim(),
        z.refine(
          (v) => isoInstant.safeParse(v).success,
          'Please give start as a time with its offset, like 2026-03-05T10:00:00+00:00 (one of the free times offered).',
        ),
      ),
    z.transform((v) => new Date(v)),
  ),
);

const optionalText = (what: string, max: number) =>
  z.pipe(
    z.optional(
      z.string({ error: `Please send ${what} as text.` }).check(
        z.trim(),
        // Built when shown: toLocaleString wakes ICU.
        z.maxLength(max, { error: () => `Please keep ${what} to ${max.toLocaleString('en-GB')} characters or fewer.` }),
      ),
    ),
    z.transform((v) => (v === '' ? undefined : v)),
  );

export const limits = { note: 1000, reason: 1000 } as const;

/** The token's own shape is checked by the token store, so an altered link answers 401, not 404. */
export const tokenParams = z.lazy(() => z.object({ token: z.string().check(z.minLength(1), z.maxLength(200)) }));
export const bookingParams = z.lazy(() => z.object({ bookingId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) }));
export const clientParams = z.lazy(() => z.object({ clientId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) }));

/** The number to call for a phone appointment: the same shape first contact accepts. */
export const bookingPhone = z.lazy(() =>
  z
    .pipe(
      z.optional(
        z
          .string({ error: 'Please send phone as text.' })
          .check(z.trim(), z.maxLength(30, 'Please keep your phone number to 30 characters or fewer.')),
      ),
      z.transform((v) => (v === '' ? undefined : v)),
    )
    .check(
      z.refine(
        (v) => v === undefined || phoneShape.test(v),
        'Please enter a phone number using digits, spaces and an optional + at the start, like +44 7700 900123.',
      ),
    ),
);

export const bookSlotBody = z.lazy(() =>
  z.strictObject(
    { start: startTime, timeZone: z.optional(timeZoneSchema), phone: bookingPhone },
    { error: 'Please send the booking as a JSON object with the start time you chose.' },
  ),
);

export const rescheduleBody = z.lazy(() =>
  z.strictObject({ start: startTime }, { error: 'Please send the new start time as a JSON object.' }),
);

export const clientCancelBody = z.lazy(() =>
  z.strictObject(
    { reason: optionalText('the reason', limits.reason) },
    { error: 'Please send a JSON object (the reason is optional).' },
  ),
);

export const noteBody = z.lazy(() =>
  z.strictObject(
    { note: optionalText('your note', limits.note) },
    { error: 'Please send a JSON object (the note is optional).' },
  ),
);

export const outcomeBody = z.lazy(() =>
  z.strictObject(
    {
      outcome: z.enum(['continue', 'not-proceeding'], {
        error: 'Please choose the outcome: "continue" or "not-proceeding".',
      }),
      note: optionalText('your note', limits.note),
    },
    { error: 'Please send the outcome as a JSON object.' },
  ),
);

const dateOrInstant = (field: 'from' | 'to') =>
  z.string({ error: `Please give ${field} as text.` }).check(
    z.trim(),
    z.refine(
      (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || isoInstant.safeParse(v).success,
      `Please give ${field} as a date (2026-03-29) or a time with its offset (2026-03-29T09:00:00+01:00).`,
    ),
  );

export const listBookingsQuery = z.lazy(() =>
  z.strictObject({ from: z.optional(dateOrInstant('from')), to: z.optional(dateOrInstant('to')) }),
);

export const bookSlotResponse = z.lazy(() =>
  z.object({
    bookingId: z.string(),
    status: z.enum(['requested', 'confirmed']),
    start: isoInstant,
    end: isoInstant,
    timeZone: z.string(),
  }),
);

export const managedBookingResponse = z.lazy(() =>
  z.object({
    bookingId: z.string(),
    therapist: z.object({ displayName: z.string() }),
    kind: z.enum(bookingKinds),
    status: z.enum(bookingStatuses),
    start: isoInstant,
    end: isoInstant,
    timeZone: z.string(),
    join: appointmentModeSchema,
    canCancel: z.boolean(),
    canReschedule: z.boolean(),
    changeableUntil: isoInstant,
    policy: z.optional(z.string()),
  }),
);

export const therapistBookingResponse = z.lazy(() =>
  z.object({
    bookingId: z.string(),
    kind: z.enum(bookingKinds),
    status: z.enum(bookingStatuses),
    client: z.object({ name: z.string(), email: z.string(), phone: z.optional(z.string()) }),
    clientId: z.optional(z.string()),
    enquiryId: z.optional(z.string()),
    start: isoInstant,
    end: isoInstant,
    timeZone: z.string(),
    clientTimeZone: z.string(),
    mode: appointmentModeSchema,
    requestedAt: isoInstant,
    confirmedAt: z.optional(isoInstant),
    closedAt: z.optional(isoInstant),
    cancelledBy: z.optional(z.enum(['client', 'therapist'])),
    note: z.optional(z.string()),
    clientReason: z.optional(z.string()),
    outcome: z.optional(z.enum(['continue', 'not-proceeding'])),
    /** The standing time (regular weekly or fortnightly session) this date belongs to. */
    standingTimeId: z.optional(z.string()),
    sequence: z.number().check(z.int()),
  }),
);

export const bookingListResponse = z.lazy(() =>
  z.object({ timeZone: z.string(), items: z.array(therapistBookingResponse) }),
);

export const outcomeResponse = z.lazy(() =>
  z.object({ booking: therapistBookingResponse, clientId: z.optional(z.string()) }),
);

export const inviteResponse = z.lazy(() =>
  z.object({
    invitationId: z.string(),
    bookingUrl: z.url(),
    expiresAt: isoInstant,
    durationMinutes: z.number().check(z.int()),
  }),
);
