/** To a returning client: welcome back, and a link to book a regular session directly. */
import * as z from '#shared/zod.js';
import { paragraph, quote, signature } from '../blocks.js';
import { note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { chooseSessionTime } from './rebook.js';
import { sessionInvitationData } from './session-invitation.js';
import { clientFooter } from './voice.js';

export const returnAccepted = defineTemplate({
  name: 'return-accepted',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    note: z.optional(note),
    ...sessionInvitationData,
  }),
  draft: (d) => ({
    subject: `A reply from ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`${d.therapistName} has read your message and would be glad to see you again.`),
      ...(d.note ? [quote(`${d.therapistName} wrote:`, d.note)] : []),
      ...chooseSessionTime(d),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
