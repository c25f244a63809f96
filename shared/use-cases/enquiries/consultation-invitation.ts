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
  bookingUrl: string;
  expiresAt: string;
  /** Written in the accept transaction (the invitation item, its token...). Keep them few: the limit is 100. */
  transactItems: TransactItem[];
}

export type CreateConsultationInvitation = (deps: UseCaseDeps, input: { enquiry: Enquiry; therapist: TherapistProfile; now: Date }) => Promise<ConsultationInvitation>;

/** Filled in by the consultations capability. */
export const createConsultationInvitation: CreateConsultationInvitation | undefined = makeConsultationInvitation;
