/**
 * The erasure of one person's data as the therapist asks for it: one schema for both doors, the
 * API's POST /me/erasures and the console's two-step erasure page.
 */
import * as z from '#shared/zod.js';
import { emailError, text } from '#shared/http/fields.js';

const emailLimit = 254;

/** The person, by the email address they wrote from. */
export const erasureEmail = z.lazy(() =>
  z.pipe(
    text("the person's email address").check(
      z.trim(),
      z.toLowerCase(),
      z.maxLength(emailLimit, `Please check the email address: it is longer than ${emailLimit} characters.`),
    ),
    z.email({ error: emailError('an email address') }),
  ),
);

export const erasureBody = z.lazy(() =>
  z.strictObject(
    {
      email: erasureEmail,
      confirm: z.literal(true, {
        error:
          "Please confirm the erasure with confirm: true. It removes this person's enquiries, waiting-list place, messages, bookings and client record for good.",
      }),
    },
    { error: 'Please send a JSON object, such as { "email": "name@example.com", "confirm": true }.' },
  ),
);
