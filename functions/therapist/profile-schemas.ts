/** GET/PUT /me/profile: request and response schemas (read by the OpenAPI generator). */
import * as z from '#shared/zod.js';
import { putProfileBody } from '#shared/use-cases/profile/profile-schemas.js';

export { putProfileBody };

export const profileResponse = z.lazy(() =>
  z.object({
    therapistId: z.string(),
    displayName: z.string(),
    shortName: z.string(),
    timeZone: z.string(),
    contactPageUrl: z.url(),
    returnPageUrl: z.url(),
    crisisSupport: z.object({ region: z.string(), lines: z.array(z.object({ name: z.string(), detail: z.string() })) }),
    crisisSupportSource: z.enum(['own', 'deployment']),
    embedOrigins: z.array(z.string()),
    fees: z.optional(z.string()),
  }),
);
