/**
 * To the client, after a first appointment that will not lead to regular sessions. Worded so it is
 * true whoever decided: about fit and what each can offer, never the person. Other help and the
 * crisis lines, as with any decline.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, quote, signature } from '../blocks.js';
import { note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { clientFooter, otherHelp } from './voice.js';

export const consultationNotProceeding = defineTemplate({
  name: 'consultation-not-proceeding',
  audience: 'client',
  crisisSupport: true,
  data: z.object({ clientName: personName, therapistName: personName, note: z.optional(note) }),
  draft: (d, { crisisSupport }) => ({
    subject: `A note from ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `Thank you for meeting ${d.therapistName} for a first talk. You will not be going on to meet regularly, so this note is to close things kindly.`,
      ),
      paragraph(
        'Finding the right person to work with can take more than one try. This is about fit and what can be offered right now. It is not about you.',
      ),
      ...(d.note ? [quote(`${d.therapistName} added a note:`, d.note)] : []),
      paragraph(`${d.therapistName} hopes you find the support that is right for you. ${otherHelp}`),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
