/**
 * To a client asking to come back, at once: it arrived, who replies and by when, help meanwhile.
 * Worded like the enquiry acknowledgement, because a person who is not recognised gets that one
 * instead, and neither email should say more about the other path than it must.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, signature } from '../blocks.js';
import { isoTime, personName, timeZone } from '../data-schema.js';
import { formatBy } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';

export const returnRequestReceived = defineTemplate({
  name: 'return-request-received',
  audience: 'client',
  crisisSupport: true,
  data: z.object({ clientName: personName, therapistName: personName, replyBy: isoTime, timeZone }),
  draft: ({ clientName, therapistName, replyBy, timeZone }, { crisisSupport }) => ({
    subject: `Your message to ${therapistName}`,
    blocks: [
      paragraph(`Hello ${clientName},`),
      paragraph(
        `Thank you for getting back in touch. This is an automatic note so you know your message arrived. ${therapistName} will read it and reply to you personally ${formatBy(replyBy, timeZone)}.`,
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
