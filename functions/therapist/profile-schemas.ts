/** GET/PUT /me/profile: request and response schemas (read by the OpenAPI generator). */
import * as z from 'zod';
import { crisisLineSchema, embedOriginSchema } from '../../shared/config.js';

const crisisLine = z.strictObject(
  {
    name: z.string({ error: 'Please give each crisis line a name, such as "Samaritans".' }).trim().min(1, 'Please give each crisis line a name, such as "Samaritans".').max(80, 'Please keep a crisis line name to 80 characters or fewer.'),
    detail: z.string({ error: 'Please say how to reach each line, such as "call 116 123, free, day or night".' }).trim().min(1, 'Please say how to reach each line, such as "call 116 123, free, day or night".').max(160, 'Please keep how to reach a line to 160 characters or fewer.'),
  },
  { error: 'Please give each crisis line as { "name", "detail" }.' },
) satisfies z.ZodType<z.infer<typeof crisisLineSchema>>;

export const putProfileBody = z.strictObject(
  {
    /** Leave out (or null) to use the deployment's crisis lines. */
    crisisSupport: z
      .strictObject(
        {
          region: z.string({ error: 'Please say where the lines are for, such as "Ireland".' }).trim().min(2, 'Please say where the lines are for, such as "Ireland".').max(60, 'Please keep the place to 60 characters or fewer.'),
          lines: z.array(crisisLine, { error: 'Please give the crisis lines as a list.' }).min(1, 'Please give at least one crisis line.').max(5, 'Please give at most 5 crisis lines.'),
        },
        { error: 'Please give crisisSupport as { "region", "lines": [{ "name", "detail" }] }, or null for the deployment’s.' },
      )
      .nullable()
      .optional(),
    embedOrigins: z.array(embedOriginSchema, { error: 'Please give embedOrigins as a list of website origins.' }).max(5, 'Please list at most 5 websites.').default([]),
  },
  { error: 'Please send a JSON object, such as { "crisisSupport": null, "embedOrigins": [] }.' },
);

export const profileResponse = z.object({
  therapistId: z.string(),
  displayName: z.string(),
  shortName: z.string(),
  timeZone: z.string(),
  contactPageUrl: z.url(),
  returnPageUrl: z.url(),
  crisisSupport: z.object({ region: z.string(), lines: z.array(z.object({ name: z.string(), detail: z.string() })) }),
  crisisSupportSource: z.enum(['own', 'deployment']),
  embedOrigins: z.array(z.string()),
});
