/** Sentences more than one template says, worded once. */

import { footer, reach, type Block } from '../blocks.js';

/**
 * The sender address is not a mailbox anyone reads, so client messages say so plainly: a reply
 * written to it and never read would leave someone in silence. So the same lines give the way that
 * does reach the therapist: their contact page (resolved by the renderer from the message's context).
 */
export const clientFooter = (therapistName: string): Block => reach(therapistName);

/** The footer a reach block becomes: honest that replies are not read, and where to write instead. */
export const reachFooter = (therapistName: string, contactUrl: string): Block =>
  footer(
    `This email was sent automatically, so replies to it are not read. You can write to ${therapistName} at any time through their contact page:`,
    {
      label: `Write to ${therapistName}`,
      url: contactUrl,
    },
  );

export const therapistFooter = 'This is an automatic note from Threshold.';

export { firstConsultationPurpose as firstConversation } from '#shared/domain/vocabulary.js';

export const otherHelp =
  'Other counsellors and services may be able to help. Your doctor can also tell you about support near you.';
