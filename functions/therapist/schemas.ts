/** Therapist enquiry endpoints: request and response schemas (read by the OpenAPI generator). */
import * as z from 'zod';
import { enquiryStatuses } from '../../shared/domain/enquiry.js';

export const enquiryParams = z.object({ enquiryId: z.uuid() });

export const listEnquiriesQuery = z.strictObject({
  status: z.enum(enquiryStatuses, { error: `Please filter by one of: ${enquiryStatuses.join(', ')}.` }).optional(),
  limit: z.coerce
    .number({ error: 'Please give limit as a whole number from 1 to 100.' })
    .int('Please give limit as a whole number from 1 to 100.')
    .min(1, 'Please give limit as a whole number from 1 to 100.')
    .max(100, 'Please give limit as a whole number from 1 to 100.')
    .default(25),
  cursor: z.string().max(2000, 'This cursor is not valid. Use the cursor from the previous page.').optional(),
});

export const respondBody = z.strictObject(
  {
    note: z
      .string({ error: 'Please send the note as text, or leave it out.' })
      .trim()
      .max(1000, 'Please keep your note to 1,000 characters or fewer.')
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
  },
  { error: 'Please send a JSON object, such as { "note": "…" }, or an empty body.' },
);

const status = z.enum(enquiryStatuses);
const consent = z.object({ version: z.string(), at: z.iso.datetime({ offset: true }) });

const enquiryCommon = {
  enquiryId: z.string(),
  status,
  name: z.string(),
  email: z.string(),
  preferredContact: z.enum(['email', 'phone']),
  consent,
  receivedAt: z.iso.datetime({ offset: true }),
  nudgedAt: z.iso.datetime({ offset: true }).optional(),
  closedAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().optional(),
};

/** An inbox entry: no message text, only whether there is one. */
export const enquirySummary = z.object({ ...enquiryCommon, hasMessage: z.boolean(), hasTimePreferences: z.boolean(), hasPhone: z.boolean() });
export const listEnquiriesResponse = z.object({ items: z.array(enquirySummary), cursor: z.string().optional() });

/** The whole enquiry, including the message: only ever to its own therapist. */
export const enquiryDetail = z.object({ ...enquiryCommon, phone: z.string().optional(), message: z.string().optional(), timePreferences: z.string().optional() });

export const respondResponse = z.object({ enquiryId: z.string(), status, bookingUrl: z.url().optional() });
