/**
 * To the client, when an enquiry closed without a reply. Nobody is blamed — not the client, not the
 * therapist — and the door stays open: they may write again or find other help.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, signature } from '../blocks.js';
import { personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { clientFooter, otherHelp } from './voice.js';

export const enquiryClosed = defineTemplate({
  name: 'enquiry-closed',
  audience: 'client',
  crisisSupport: true,
  data: z.object({ clientName: personName, therapistName: personName }),
  draft: (d, { crisisSupport }) => ({
    subject: `Your message to ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `Thank you for your message to ${d.therapistName}. It has not been possible to reply to it this time, so the enquiry is now closed.`,
      ),
      paragraph('It can be hard to reach out and not hear back. This is not about you or anything you wrote.'),
      paragraph(`You are welcome to get in touch again later. ${otherHelp}`),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
