/** New-client status and the waiting list: request and response schemas (read by the OpenAPI generator). */
import * as z from '#shared/zod.js';
import { newClientPolicySchema, newClientStatuses } from '#shared/domain/new-clients.js';
import { waitingStatuses } from '#shared/domain/waiting-list.js';
import { entryParams, waitingNoteBody } from '#shared/use-cases/waiting-list/waiting-list-schemas.js';

export const putNewClientsBody = newClientPolicySchema;

export const newClientsResponse = z.lazy(() =>
  z.object({
    status: z.enum(newClientStatuses),
    expectedWaitWeeks: z.optional(z.int()),
    note: z.optional(z.string()),
    /** Absent until first set: every therapist starts open. */
    updatedAt: z.optional(z.iso.datetime({ offset: true })),
  }),
);

export { entryParams, waitingNoteBody };

export const listWaitingQuery = z.lazy(() =>
  z.strictObject({
    status: z.optional(
      z.enum(waitingStatuses, {
        error: `Please filter by one of: ${waitingStatuses.join(', ')}, or leave status out for everyone still on the list.`,
      }),
    ),
  }),
);

const instant = z.lazy(() => z.iso.datetime({ offset: true }));

export const waitingEntryView = z.lazy(() =>
  z.object({
    entryId: z.string(),
    /** Place among those still on the list, in joining order (1 has waited longest); absent once closed. */
    position: z.optional(z.int().check(z.minimum(1))),
    status: z.enum(waitingStatuses),
    name: z.string(),
    email: z.string(),
    phone: z.optional(z.string()),
    preferredContact: z.enum(['email', 'phone']),
    message: z.optional(z.string()),
    timePreferences: z.optional(z.string()),
    consent: z.object({ version: z.string(), at: instant }),
    joinedAt: instant,
    /** Whole days waited: until now, or until the entry closed. */
    waitedDays: z.int().check(z.minimum(0)),
    checkIns: z.object({
      sent: z.int(),
      unanswered: z.int(),
      lastSentAt: z.optional(instant),
      lastAnsweredAt: z.optional(instant),
      nextAt: z.optional(instant),
    }),
    offer: z.optional(
      z.object({ invitationId: z.string(), offeredAt: instant, expiresAt: instant, note: z.optional(z.string()) }),
    ),
    offersExpired: z.int().check(z.minimum(0)),
    lastOfferExpiredAt: z.optional(instant),
    closedAt: z.optional(instant),
    note: z.optional(z.string()),
  }),
);
export const listWaitingResponse = z.lazy(() => z.object({ items: z.array(waitingEntryView) }));

export const offerResponse = z.lazy(() =>
  z.object({ entryId: z.string(), status: z.enum(waitingStatuses), bookingUrl: z.url(), offerExpiresAt: instant }),
);
export const removeResponse = z.lazy(() => z.object({ entryId: z.string(), status: z.enum(waitingStatuses) }));
