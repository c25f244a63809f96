/**
 * Accepting an enquiry (or offering a waiting-list place) invites the person to book an initial
 * consultation. Its transaction items join the accept transaction, so the invitation exists exactly
 * when the enquiry is accepted. The length is the therapist's consultation length at the time of
 * the invitation. Tests hand their own `CreateConsultationInvitation` to see the seam's contract.
 */
import type { Enquiry } from '#shared/domain/enquiry.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { UseCaseDeps } from '../deps.js';
import { makeInvitation } from './make-invitation.js';

export interface ConsultationInvitation {
  invitationId: string;
  bookingUrl: string;
  durationMinutes: number;
  expiresAt: string;
  /** Written in the accept transaction (the invitation item, its token...). Keep them few: the limit is 100. */
  transactItems: TransactItem[];
}

/**
 * `enquiry` is the person's first contact: an enquiry being accepted, or a waiting-list entry being
 * offered a place (its entry id stands as the enquiry id, so the booking and the client record it
 * leads to trace back to it the same way).
 */
export type CreateConsultationInvitation = (
  deps: UseCaseDeps,
  input: { enquiry: Pick<Enquiry, 'enquiryId' | 'name' | 'email'>; therapist: TherapistProfile; now: Date },
) => Promise<ConsultationInvitation>;

export const createConsultationInvitation: CreateConsultationInvitation = async (deps, { enquiry, therapist, now }) => {
  const { settings } = await deps.store.scheduling.getSettings(therapist.therapistId);
  const made = makeInvitation(deps, {
    kind: 'consultation',
    therapistId: therapist.therapistId,
    enquiryId: enquiry.enquiryId,
    client: { name: enquiry.name, email: enquiry.email },
    durationMinutes: settings.consultation.durationMinutes,
    now,
  });
  return {
    invitationId: made.invitation.invitationId,
    bookingUrl: made.bookingUrl,
    durationMinutes: made.invitation.durationMinutes,
    expiresAt: made.expiresAt,
    transactItems: made.transactItems,
  };
};
