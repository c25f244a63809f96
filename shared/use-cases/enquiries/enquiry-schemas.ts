/** Therapist enquiry endpoints: request and response schemas (read by the OpenAPI generator). */
import * as z from '#shared/zod.js';
import { enquiryStatuses } from '#shared/domain/enquiry.js';

export const enquiryParams = z.lazy(() => z.object({ enquiryId: z.uuid() }));

export const listEnquiriesQuery = z.lazy(() =>
  z.strictObject({
    status: z.optional(z.enum(enquiryStatuses, { error: `Please filter by one of: ${enquiryStatuses.join(', ')}.` })),
    limit: z._default(
      z.coerce
        .number({ error: 'Please give limit as a whole number from 1 to 100.' })
        .check(
          z.int('Please give limit as a whole number from 1 to 100.'),
          z.minimum(1, 'Please give limit as a whole number from 1 to 100.'),
          z.maximum(100, 'Please give limit as a whole number from 1 to 100.'),
        ),
      25,
    ),
    cursor: z.optional(
      z.string().check(z.maxLength(2000, 'This cursor is not valid. Use the cursor from the previous page.')),
    ),
  }),
);

export const respondBody = z.lazy(() =>
  z.strictObject(
    {
      note: z.pipe(
        z.optional(
          z
            .string({ error: 'Please send the note as text, or leave it out.' })
            .check(z.trim(), z.maxLength(1000, 'Please keep your note to 1,000 characters or fewer.')),
        ),
        z.transform((v) => (v === '' ? undefined : v)),
      ),
    },
    { error: 'Please send a JSON object, such as { "note": "…" }, or an empty body.' },
  ),
);

const status = z.lazy(() => z.enum(enquiryStatuses));
const consent = z.lazy(() => z.object({ version: z.string(), at: z.iso.datetime({ offset: true }) }));

const enquiryCommon = {
  enquiryId: z.string(),
  status,
  name: z.string(),
  email: z.string(),
  preferredContact: z.enum(['email', 'phone']),
  consent,
  receivedAt: z.iso.datetime({ offset: true }),
  nudgedAt: z.optional(z.iso.datetime({ offset: true })),
  closedAt: z.optional(z.iso.datetime({ offset: true })),
  note: z.optional(z.string()),
};

/** An inbox entry: no message text, only whether there is one. */
export const enquirySummary = z.lazy(() =>
  z.object({ ...enquiryCommon, hasMessage: z.boolean(), hasTimePreferences: z.boolean(), hasPhone: z.boolean() }),
);
export const listEnquiriesResponse = z.lazy(() =>
  z.object({ items: z.array(enquirySummary), cursor: z.optional(z.string()) }),
);

/** The whole enquiry, including the message: only ever to its own therapist. */
export const enquiryDetail = z.lazy(() =>
  z.object({
    ...enquiryCommon,
    phone: z.optional(z.string()),
    message: z.optional(z.string()),
    timePreferences: z.optional(z.string()),
  }),
);

export const respondResponse = z.lazy(() =>
  z.object({ enquiryId: z.string(), status, bookingUrl: z.optional(z.url()) }),
);
