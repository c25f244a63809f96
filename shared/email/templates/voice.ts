/** Sentences more than one template says, worded once. */

/**
 * The sender address is not a mailbox anyone reads, so client messages say so plainly: a reply
 * written to it and never read would leave someone in silence.
 */
export const clientFooter = (therapistName: string): string =>
  `This email was sent automatically. Replies to it are not read, so they would not reach ${therapistName}.`;

export const therapistFooter = 'This is an automatic note from Threshold.';

export { firstConsultationPurpose as firstConversation } from '../../domain/vocabulary.js';

export const otherHelp = 'Other counsellors and services may be able to help. Your doctor can also tell you about support near you.';
