/** The therapist's erasure of one person's data: request and response schemas (read by the OpenAPI generator). */
import * as z from '../../shared/zod.js';
import { emailError, text } from '../../shared/http/fields.js';

const emailLimit = 254;

export const erasureBody = z.lazy(() => z.strictObject(
  {
    email: z.pipe(
      text("the person's email address").check(
        z.trim(),
        z.toLowerCase(),
        z.maxLength(emailLimit, `Please check the email address: it is longer than ${emailLimit} characters.`),
      ),
      z.email({ error: emailError('an email address') }),
    ),
    confirm: z.literal(true, {
      error: "Please confirm the erasure with confirm: true. It removes this person's enquiries, waiting-list place, messages, bookings and client record for good.",
    }),
  },
  { error: 'Please send a JSON object, such as { "email": "name@example.com", "confirm": true }.' },
));

const count = z.lazy(() => z.int().check(z.minimum(0)));

/** Counts only: the answer carries nothing about the person. */
export const erasureResponse = z.lazy(() => z.object({
  erased: z.object({
    enquiries: count,
    waitingListEntries: count,
    clients: count,
    bookings: count,
    returnRequests: count,
    invitations: count,
    timers: count,
    locks: count,
    guards: count,
  }),
}));
