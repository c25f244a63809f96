/**
 * Client lifecycle and return-request endpoints: request and response schemas (read by the OpenAPI
 * generator). Every field says what to send when it is wrong; unknown fields are refused.
 */
import * as z from 'zod';
import { bookingKinds, bookingStatuses } from '../../shared/domain/booking.js';
import { clientStatuses } from '../../shared/domain/client.js';
import { returnStatuses } from '../../shared/domain/return-request.js';
import { consentFields, oneLine, text } from '../../shared/http/fields.js';
import { limits as enquiryLimits } from '../enquiries/schemas.js';

const isoInstant = z.iso.datetime({ offset: true });

export const limits = { ...enquiryLimits, note: 1000 } as const;


const optionalText = (what: string, max: number) =>
  text(what)
    .trim()
    .max(max, { error: () => `Please keep ${what} to ${max.toLocaleString('en-GB')} characters or fewer.` }) // built when shown: toLocaleString wakes ICU
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const personName = (missing: string) => text('the name', missing).trim().min(1, missing).max(limits.name, `Please keep the name to ${limits.name} characters or fewer.`).regex(oneLine, 'Please write the name on one line.');

const emailAddress = (what: string) =>
  text(what)
    .trim()
    .toLowerCase()
    .max(limits.email, `Please check the email address: it is longer than ${limits.email} characters.`)
    .pipe(z.email({ error: 'Please enter an email address, like name@example.com.' }));

const date = (field: string) =>
  text(field)
    .trim()
    .refine((v) => z.iso.date().safeParse(v).success, `Please give ${field} as a date, like 2026-03-29.`);

export const clientParams = z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const returnParams = z.object({ returnId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const therapistParams = z.object({ therapistId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) });

export const addClientBody = z
  .strictObject(
    {
      name: personName("Please enter the client's name, or the name they like to be called."),
      email: emailAddress("the client's email address"),
      status: z.enum(['active', 'paused'], { error: 'Please choose the status: "active", or "paused" for a client on a break.' }),
      sessionLengthMinutes: z
        .number({ error: 'Please give the session length as a whole number of minutes.' })
        .int('Please give the session length as a whole number of minutes.')
        .min(10, 'A session needs at least 10 minutes.')
        .max(240, 'A session can be at most 240 minutes.')
        .optional(),
      expectedReturn: date('the expected return date').optional(),
      firstContactOn: date('the date of first contact').optional(),
      lastSessionOn: date('the date of the last session').optional(),
    },
    { error: 'Please send the client as a JSON object.' },
  )
  .superRefine((body, ctx) => {
    if (body.expectedReturn && body.status !== 'paused')
      ctx.addIssue({ code: 'custom', path: ['expectedReturn'], message: 'An expected return date is only for a client on a break: leave it out, or set status to "paused".' });
  });

export const listClientsQuery = z.strictObject({ status: z.enum(clientStatuses, { error: 'Please filter by "active", "paused" or "ended", or leave status out.' }).optional() });

export const pauseBody = z.strictObject(
  { expectedReturn: date('the expected return date').optional(), note: optionalText('your note', limits.note) },
  { error: 'Please send a JSON object (the expected return date and the note are optional).' },
);

export const noteBody = z.strictObject({ note: optionalText('your note', limits.note) }, { error: 'Please send a JSON object (the note is optional).' });

export const submitReturnBody = z.strictObject(
  {
    name: personName('Please enter your name, or the name you would like us to use.'),
    email: emailAddress('your email address'),
    message: optionalText('your message', limits.message),
    ...consentFields,
  },
  { error: 'Please send your message as a JSON object.' },
);

export const listReturnsQuery = z.strictObject({ status: z.enum(returnStatuses, { error: 'Please filter by "pending", "accepted" or "declined", or leave status out.' }).optional() });

// ---- Responses ----

const bookingSummary = z.object({ bookingId: z.string(), kind: z.enum(bookingKinds), status: z.enum(bookingStatuses), start: isoInstant, end: isoInstant });
const statusChange = z.object({ status: z.enum(clientStatuses), at: isoInstant, expectedReturn: z.iso.date().optional() });

export const clientResponse = z.object({
  clientId: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.enum(clientStatuses),
  source: z.enum(['consultation', 'brought-in']).optional(),
  sessionLengthMinutes: z.number().int().optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  fromEnquiryId: z.string().optional(),
  firstContactAt: isoInstant.optional(),
  lastSessionAt: isoInstant.optional(),
  statusChangedAt: isoInstant.optional(),
  pausedAt: isoInstant.optional(),
  expectedReturn: z.iso.date().optional(),
  pauseNote: z.string().optional(),
  endedAt: isoInstant.optional(),
  endNote: z.string().optional(),
  resumedAt: isoInstant.optional(),
  openReturnId: z.string().optional(),
  statusHistory: z.array(statusChange),
  lastBooking: bookingSummary.optional(),
  nextBooking: bookingSummary.optional(),
});

export const clientListResponse = z.object({ items: z.array(clientResponse) });

export const clientBreakResponse = z.object({
  client: clientResponse,
  bookingsInside: z.array(
    bookingSummary.extend({ insideBreak: z.literal(true), remindersStopped: z.number().int(), cancel: z.object({ method: z.literal('POST'), path: z.string() }) }),
  ),
});

export const submitReturnResponse = z.object({ status: z.literal('received') });

export const returnResponse = z.object({
  returnId: z.string(),
  clientId: z.string(),
  status: z.enum(returnStatuses),
  name: z.string(),
  email: z.string(),
  message: z.string().optional(),
  consent: z.object({ version: z.string(), at: isoInstant }),
  receivedAt: isoInstant,
  respondedAt: isoInstant.optional(),
  note: z.string().optional(),
  invitationId: z.string().optional(),
  history: z.object({
    clientStatus: z.enum(clientStatuses),
    firstContactAt: isoInstant.optional(),
    lastSessionAt: isoInstant.optional(),
    pausedAt: isoInstant.optional(),
    endedAt: isoInstant.optional(),
    expectedReturn: z.iso.date().optional(),
    breakLengthDays: z.number().int().optional(),
  }),
});

export const returnListResponse = z.object({ items: z.array(returnResponse) });

export const returnAnsweredResponse = z.object({
  returnId: z.string(),
  status: z.enum(['accepted', 'declined']),
  invitation: z.object({ invitationId: z.string(), bookingUrl: z.url(), expiresAt: isoInstant, durationMinutes: z.number().int() }).optional(),
});
