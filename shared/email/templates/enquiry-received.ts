/** To the client, at once: their enquiry arrived, who will reply and by when, and help meanwhile. */
import * as z from '#shared/zod.js';
import { crisis, paragraph, signature } from '../blocks.js';
import { isoTime, personName, timeZone } from '../data-schema.js';
import { formatBy } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';

export const enquiryReceived = defineTemplate({
  name: 'enquiry-received',
  audience: 'client',
  crisisSupport: true,
  data: z.object({ clientName: personName, therapistName: personName, replyBy: isoTime, timeZone }),
  draft: ({ clientName, therapistName, replyBy, timeZone }, { crisisSupport }) => ({
    subject: `Your message to ${therapistName}`,
    blocks: [
      paragraph(`Hello ${clientName},`),
      paragraph(
        `Thank you for your message. This is an automatic note so you know it arrived. ${therapistName} will read it and reply to you personally ${formatBy(replyBy, timeZone)}.`,
      ),
      paragraph(
        `What you wrote is kept private. Only ${therapistName} can read it. You do not need to do anything else for now.`,
      ),
      crisis(crisisSupport),
      signature(therapistName),
      clientFooter(therapistName),
    ],
  }),
});
