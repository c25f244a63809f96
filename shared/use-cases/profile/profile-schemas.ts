/**
 * The therapist's public details as they send them: one schema for both doors, the API's
 * PUT /me/profile and the console's profile page.
 */
import * as z from '#shared/zod.js';
import { embedOriginSchema } from '#shared/config.js';
import { crisisLineSchema, crisisRegion } from '#shared/domain/crisis-line.js';

export const putProfileBody = z.lazy(() =>
  z.strictObject(
    {
      /** Leave out (or null) to use the deployment's crisis lines. */
      crisisSupport: z.optional(
        z.nullable(
          z.strictObject(
            {
              region: crisisRegion,
              lines: z
                .array(crisisLineSchema, { error: 'Please give the crisis lines as a list.' })
                .check(
                  z.minLength(1, 'Please give at least one crisis line.'),
                  z.maxLength(5, 'Please give at most 5 crisis lines.'),
                ),
            },
            {
              error:
                'Please give crisisSupport as { "region", "lines": [{ "name", "detail" }] }, or null for the deployment’s.',
            },
          ),
        ),
      ),
      /** One line on fees, shown on the booking page before a time is chosen; null removes it, left out keeps it. */
      fees: z.optional(
        z.nullable(
          z.string({ error: 'Please give fees as one line of text, such as "£60 a session", or null for none.' }).check(
            z.trim(),
            z.minLength(1, 'Please give fees as one line of text, such as "£60 a session", or null for none.'),
            z.maxLength(200, 'Please keep the fees line to 200 characters or fewer.'),
            z.refine((v) => !/[\r\n]/.test(v), 'Please keep the fees to one line.'),
          ),
        ),
      ),
      embedOrigins: z._default(
        z
          .array(embedOriginSchema, { error: 'Please give embedOrigins as a list of website origins.' })
          .check(z.maxLength(5, 'Please list at most 5 websites.')),
        [],
      ),
    },
    { error: 'Please send a JSON object, such as { "crisisSupport": null, "embedOrigins": [] }.' },
  ),
);
