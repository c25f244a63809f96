/**
 * Client lifecycle and return-request endpoints: request and response schemas (read by the OpenAPI
 * generator). Every field says what to send when it is wrong; unknown fields are refused.
 */
import * as z from '#shared/zod.js';
import { bookingKinds, bookingStatuses } from '#shared/domain/booking.js';
import { clientStatuses } from '#shared/domain/client.js';
import { returnStatuses } from '#shared/domain/return-request.js';
import { oneLineText } from '#shared/domain/one-line-text.js';
import { consentFields, emailError, text } from '#shared/http/fields.js';
import { limits as enquiryLimits } from '../enquiries/first-contact-schemas.js';

const isoInstant = z.lazy(() => z.iso.datetime({ offset: true }));

export const limits = { ...enquiryLimits, note: 1000 } as const;

const optionalText = (what: string, max: number) =>
  z.pipe(
    z.optional(
      text(what).check(
        z.trim(),
        // Built when shown: toLocaleString wakes ICU.
        z.maxLength(max, { error: () => `Please keep ${what} to ${max.toLocaleString('en-GB')} characters or fewer.` }),
      ),
    ),
    z.transform((v) => (v === '' ? undefined : v)),
  );

const personName = (missing: string) => oneLineText({ what: 'the name', max: limits.name, missing });

const emailAddress = (what: string) =>
  z.pipe(
    text(what).check(
      z.trim(),
      z.toLowerCase(),
      z.maxLength(limits.email, `Please check the email address: it is longer than ${limits.email} characters.`),
    ),
    z.email({ error: emailError('an email address') }),
  );

const date = (field: string) =>
  text(field).check(
    z.trim(),
    z.refine((v) => z.iso.date().safeParse(v).success, `Please give ${field} as a date, like 2026-03-29.`),
  );

export const clientParams = z.lazy(() => z.object({ clientId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) }));
export const returnParams = z.lazy(() => z.object({ returnId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)) }));
export const therapistParams = z.lazy(() =>
  z.object({ therapistId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)) }),
);

export const addClientBody = z.lazy(() =>
  z
    .strictObject(
      {
        name: personName("Please enter the client's name, or the name they like to be called."),
        email: emailAddress("the client's email address"),
        status: z.enum(['active', 'paused'], {
          error: 'Please choose the status: "active", or "paused" for a client on a break.',
        }),
        sessionLengthMinutes: z.optional(
          z
            .number({ error: 'Please give the session length as a whole number of minutes.' })
            .check(
              z.int('Please give the session length as a whole number of minutes.'),
              z.minimum(10, 'A session needs at least 10 minutes.'),
              z.maximum(240, 'A session can be at most 240 minutes.'),
            ),
        ),
        expectedReturn: z.optional(date('the expected return date')),
        firstContactOn: z.optional(date('the date of first contact')),
        lastSessionOn: z.optional(date('the date of the last session')),
      },
      { error: 'Please send the client as a JSON object.' },
    )
    .check(
      z.superRefine((body, ctx) => {
        if (body.expectedReturn && body.status !== 'paused')
          ctx.addIssue({
            code: 'custom',
            path: ['expectedReturn'],
            message:
              'An expected return date is only for a client on a break: leave it out, or set status to "paused".',
          });
      }),
    ),
);

export const listClientsQuery = z.lazy(() =>
  z.strictObject({
    status: z.optional(
      z.enum(clientStatuses, { error: 'Please filter by "active", "paused" or "ended", or leave status out.' }),
    ),
  }),
);

export const pauseBody = z.lazy(() =>
  z.strictObject(
    { expectedReturn: z.optional(date('the expected return date')), note: optionalText('your note', limits.note) },
    { error: 'Please send a JSON object (the expected return date and the note are optional).' },
  ),
);

export const noteBody = z.lazy(() =>
  z.strictObject(
    { note: optionalText('your note', limits.note) },
    { error: 'Please send a JSON object (the note is optional).' },
  ),
);

export const submitReturnBody = z.lazy(() =>
  z.strictObject(
    {
      name: personName('Please enter your name, or the name you would like us to use.'),
      email: emailAddress('your email address'),
      message: optionalText('your message', limits.message),
      ...consentFields(),
    },
    { error: 'Please send your message as a JSON object.' },
  ),
);

export const listReturnsQuery = z.lazy(() =>
  z.strictObject({
    status: z.optional(
      z.enum(returnStatuses, { error: 'Please filter by "pending", "accepted" or "declined", or leave status out.' }),
    ),
  }),
);

// ---- Responses ----

const bookingSummary = z.object({
  bookingId: z.string(),
  kind: z.enum(bookingKinds),
  status: z.enum(bookingStatuses),
  start: isoInstant,
  end: isoInstant,
});
const statusChange = z.lazy(() =>
  z.object({ status: z.enum(clientStatuses), at: isoInstant, expectedReturn: z.optional(z.iso.date()) }),
);

export const clientResponse = z.lazy(() =>
  z.object({
    clientId: z.string(),
    name: z.string(),
    email: z.string(),
    status: z.enum(clientStatuses),
    source: z.optional(z.enum(['consultation', 'brought-in'])),
    sessionLengthMinutes: z.optional(z.number().check(z.int())),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    fromEnquiryId: z.optional(z.string()),
    firstContactAt: z.optional(isoInstant),
    lastSessionAt: z.optional(isoInstant),
    statusChangedAt: z.optional(isoInstant),
    pausedAt: z.optional(isoInstant),
    expectedReturn: z.optional(z.iso.date()),
    pauseNote: z.optional(z.string()),
    endedAt: z.optional(isoInstant),
    endNote: z.optional(z.string()),
    resumedAt: z.optional(isoInstant),
    openReturnId: z.optional(z.string()),
    statusHistory: z.array(statusChange),
    lastBooking: z.optional(bookingSummary),
    nextBooking: z.optional(bookingSummary),
    /** Invited to book and nothing booked or requested from it yet; the link lapses at expiresAt. */
    openInvitation: z.optional(z.object({ invitationId: z.string(), invitedAt: isoInstant, expiresAt: isoInstant })),
  }),
);

export const clientListResponse = z.lazy(() => z.object({ items: z.array(clientResponse) }));

export const clientBreakResponse = z.lazy(() =>
  z.object({
    client: clientResponse,
    bookingsInside: z.array(
      z.extend(bookingSummary, {
        insideBreak: z.literal(true),
        remindersStopped: z.number().check(z.int()),
        cancel: z.object({ method: z.literal('POST'), path: z.string() }),
      }),
    ),
  }),
);

export const submitReturnResponse = z.lazy(() => z.object({ status: z.literal('received') }));

export const returnResponse = z.lazy(() =>
  z.object({
    returnId: z.string(),
    clientId: z.string(),
    status: z.enum(returnStatuses),
    name: z.string(),
    email: z.string(),
    message: z.optional(z.string()),
    consent: z.object({ version: z.string(), at: isoInstant }),
    receivedAt: isoInstant,
    respondedAt: z.optional(isoInstant),
    note: z.optional(z.string()),
    invitationId: z.optional(z.string()),
    history: z.object({
      clientStatus: z.enum(clientStatuses),
      firstContactAt: z.optional(isoInstant),
      lastSessionAt: z.optional(isoInstant),
      pausedAt: z.optional(isoInstant),
      endedAt: z.optional(isoInstant),
      expectedReturn: z.optional(z.iso.date()),
      breakLengthDays: z.optional(z.number().check(z.int())),
    }),
  }),
);

export const returnListResponse = z.lazy(() => z.object({ items: z.array(returnResponse) }));

export const returnAnsweredResponse = z.lazy(() =>
  z.object({
    returnId: z.string(),
    status: z.enum(['accepted', 'declined']),
    invitation: z.optional(
      z.object({
        invitationId: z.string(),
        bookingUrl: z.url(),
        expiresAt: isoInstant,
        durationMinutes: z.number().check(z.int()),
      }),
    ),
  }),
);
