/**
 * A therapist accepts or declines an enquiry, from the API or from a one-click link. One transaction:
 * the status change, the email to the client, the nudge and expiry timers deleted, the link's token
 * spent (for one-click), and on accept the consultation invitation's items. If the enquiry has moved
 * on meanwhile, the whole transaction fails and nothing is sent.
 */
import { acceptEnquiry, declineEnquiry, nextStatus, type Enquiry } from '#shared/domain/enquiry.js';
import { retentionEndsAt } from '#shared/domain/enquiry-rules.js';
import { NotFound } from '#shared/domain/errors.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { isConditionFailure, timerId } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import type { CreateConsultationInvitation } from '../invitations/consultation-invitation.js';

export interface RespondInput {
  therapistId: string;
  enquiryId: string;
  action: 'accept' | 'decline';
  note?: string;
  now: Date;
  /** The one-click link's raw token, spent in the same transaction. */
  token?: string;
}

export interface RespondResult {
  enquiry: Enquiry;
  bookingUrl?: string;
}

export interface RespondHooks {
  createConsultationInvitation?: CreateConsultationInvitation | undefined;
}

export async function respondToEnquiry(
  deps: UseCaseDeps,
  input: RespondInput,
  hooks: RespondHooks = {},
): Promise<RespondResult> {
  const { config } = deps;
  const { settings } = config;
  const { therapistId, enquiryId, now } = input;
  const [therapist, enquiry] = await Promise.all([
    deps.store.therapists.get(therapistId),
    deps.store.enquiries.get(therapistId, enquiryId, now),
  ]);
  if (!therapist || !enquiry) throw new NotFound('enquiry');

  const next =
    input.action === 'accept' ? acceptEnquiry(enquiry, now, input.note) : declineEnquiry(enquiry, now, input.note);
  const invitation =
    input.action === 'accept' && hooks.createConsultationInvitation
      ? await hooks.createConsultationInvitation(deps, { enquiry: next, therapist, now })
      : undefined;

  const common = {
    id: newId(now),
    therapistId,
    fromName: therapist.displayName,
    to: { email: enquiry.email, name: enquiry.name },
  };
  const note = input.note ? { note: input.note } : {};
  const message: OutboxMessage =
    input.action === 'accept'
      ? {
          ...common,
          template: 'enquiry-accepted',
          data: {
            clientName: enquiry.name,
            therapistName: therapist.displayName,
            timeZone: therapist.timeZone,
            ...note,
            ...(invitation ? { bookingUrl: invitation.bookingUrl, invitationExpiresAt: invitation.expiresAt } : {}),
          },
        }
      : {
          ...common,
          template: 'enquiry-declined',
          data: { clientName: enquiry.name, therapistName: therapist.displayName, ...note },
        };

  const items: TransactItem[] = [
    ...(input.token ? [deps.store.tokens.consume(input.token, now)] : []),
    // Accepted enquiries are kept (they lead to a consultation); declined ones expire after retention.
    deps.store.enquiries.close(next, input.action === 'decline' ? retentionEndsAt(now, settings) : undefined),
    outboxPut(deps.store, message, now),
    deps.store.timers.delete(therapistId, timerId('enquiry-nudge', enquiryId)),
    deps.store.timers.delete(therapistId, timerId('enquiry-expiry', enquiryId)),
    ...(invitation?.transactItems ?? []),
  ];
  try {
    await deps.store.transact(items);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Say why: the link was spent or expired meanwhile (410), or the enquiry moved on (409).
    if (input.token) await deps.store.tokens.read(input.token, now);
    const current = await deps.store.enquiries.get(therapistId, enquiryId, now);
    if (!current) throw new NotFound('enquiry');
    nextStatus(current, input.action);
    throw error;
  }
  return { enquiry: next, ...(invitation ? { bookingUrl: invitation.bookingUrl } : {}) };
}
