/** New-client status and the waiting list: request and response schemas (read by the OpenAPI generator). */
import * as z from 'zod';
import { newClientPolicySchema, newClientStatuses } from '../../shared/domain/new-clients.js';
import { waitingStatuses } from '../../shared/domain/waiting-list.js';
import { respondBody } from './schemas.js';

export const putNewClientsBody = newClientPolicySchema;

export const newClientsResponse = z.object({
  status: z.enum(newClientStatuses),
  expectedWaitWeeks: z.int().optional(),
  note: z.string().optional(),
  /** Absent until first set: every therapist starts open. */
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

/** Entry ids are lower-case ULIDs. */
export const entryParams = z.object({ entryId: z.string().regex(/^[0-9a-z]{26}$/) });

export const listWaitingQuery = z.strictObject({
  status: z.enum(waitingStatuses, { error: `Please filter by one of: ${waitingStatuses.join(', ')}, or leave status out for everyone still on the list.` }).optional(),
});

/** The offer's and the removal's optional note to the person: the same rules as a reply to an enquiry. */
export const waitingNoteBody = respondBody;

const instant = z.iso.datetime({ offset: true });

export const waitingEntryView = z.object({
  entryId: z.string(),
  /** Place among those still on the list, in joining order (1 has waited longest); absent once closed. */
  position: z.int().min(1).optional(),
  status: z.enum(waitingStatuses),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  preferredContact: z.enum(['email', 'phone']),
  message: z.string().optional(),
  timePreferences: z.string().optional(),
  consent: z.object({ version: z.string(), at: instant }),
  joinedAt: instant,
  /** Whole days waited: until now, or until the entry closed. */
  waitedDays: z.int().min(0),
  checkIns: z.object({ sent: z.int(), unanswered: z.int(), lastSentAt: instant.optional(), lastAnsweredAt: instant.optional(), nextAt: instant.optional() }),
  offer: z.object({ invitationId: z.string(), offeredAt: instant, expiresAt: instant, note: z.string().optional() }).optional(),
  offersExpired: z.int().min(0),
  lastOfferExpiredAt: instant.optional(),
  closedAt: instant.optional(),
  note: z.string().optional(),
});
export const listWaitingResponse = z.object({ items: z.array(waitingEntryView) });

export const offerResponse = z.object({ entryId: z.string(), status: z.enum(waitingStatuses), bookingUrl: z.url(), offerExpiresAt: instant });
export const removeResponse = z.object({ entryId: z.string(), status: z.enum(waitingStatuses) });
