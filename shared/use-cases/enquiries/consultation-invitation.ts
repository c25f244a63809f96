/**
 * The seam where accepting an enquiry invites the client to book an initial consultation. The
 * consultations capability (next issue) implements `CreateConsultationInvitation` and sets it below;
 * until then an accept email goes out without a booking link. Its transaction items join the accept
 * transaction, so the invitation exists exactly when the enquiry is accepted.
 */
import type { Enquiry } from '../../domain/enquiry.js';
import type { TherapistProfile } from '../../store/therapists.js';
import type { TransactItem } from '../../store/outbox.js';
import type { UseCaseDeps } from '../deps.js';
import { createConsultationInvitation as makeConsultationInvitation } from '../invitations/consultation-invitation.js';

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

/** Filled in by the consultations capability. */
export const createConsultationInvitation: CreateConsultationInvitation | undefined = makeConsultationInvitation;
