/**
 * Accepting an enquiry invites its sender to book an initial consultation: the implementation of
 * the seam in shared/use-cases/enquiries/consultation-invitation.ts. The length is the therapist's
 * consultation length at the time of the invitation.
 */
import { getPracticeSettings } from '../../store/scheduling.js';
import type { CreateConsultationInvitation } from '../enquiries/consultation-invitation.js';
import { makeInvitation } from './make-invitation.js';

export const createConsultationInvitation: CreateConsultationInvitation = async (deps, { enquiry, therapist, now }) => {
  const { settings } = await getPracticeSettings(deps, therapist.therapistId);
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

