/** The therapist's erasure of one person's data: request and response schemas (read by the OpenAPI generator). */
import * as z from '#shared/zod.js';
import { erasureBody } from '#shared/use-cases/erasure/erasure-schemas.js';

export { erasureBody };

const count = z.lazy(() => z.int().check(z.minimum(0)));

/** Counts only: the answer carries nothing about the person. */
export const erasureResponse = z.lazy(() =>
  z.object({
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
  }),
);
