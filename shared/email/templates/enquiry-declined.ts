/** To the client: a kind no, about fit and space rather than the person, with other help. */
import * as z from '#shared/zod.js';
import { crisis, paragraph, quote, signature } from '../blocks.js';
import { note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { clientFooter, otherHelp } from './voice.js';

export const enquiryDeclined = defineTemplate({
  name: 'enquiry-declined',
  audience: 'client',
  crisisSupport: true,
  data: z.object({ clientName: personName, therapistName: personName, note: z.optional(note) }),
  draft: (d, { crisisSupport }) => ({
    subject: `A reply from ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`Thank you for getting in touch with ${d.therapistName}, and for trusting them with your message.`),
      paragraph(
        `${d.therapistName} is not able to offer you a place at the moment. This is about how much space they have and whether they are the right fit. It is not about you or anything you wrote.`,
      ),
      ...(d.note ? [quote(`${d.therapistName} added a note:`, d.note)] : []),
      paragraph(
        `Reaching out is not always easy, and ${d.therapistName} hopes you find the right support. ${otherHelp}`,
      ),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
