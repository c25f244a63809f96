/**
 * To the person: a place has opened. The invitation to book a first meeting is the one an accepted
 * enquiry gets; not taking it up costs them nothing (they keep their place), so there is no pressure.
 */
import * as z from '#shared/zod.js';
import { button, paragraph, quote, signature } from '../blocks.js';
import { isoTime, link, note, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter, firstConversation } from './voice.js';
import { leaveLink } from './waiting.js';

export const waitingListOffer = defineTemplate({
  name: 'waiting-list-offer',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    note: z.optional(note),
    bookingUrl: link,
    invitationExpiresAt: isoTime,
    durationMinutes: z.number().check(z.int(), z.minimum(1), z.maximum(24 * 60)),
    timeZone,
    leaveUrl: link,
  }),
  draft: (d) => ({
    subject: `A place with ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `A place has opened with ${d.therapistName}, and it is yours if you would like it. Thank you for waiting.`,
      ),
      ...(d.note ? [quote(`${d.therapistName} wrote:`, d.note)] : []),
      paragraph(
        `The next step is ${firstConversation}. It lasts ${d.durationMinutes} minutes. You can choose a time that suits you here, and the times are shown in your own time zone.`,
      ),
      button('Choose a time', d.bookingUrl),
      paragraph(
        `This link stays open until ${formatDateTime(d.invitationExpiresAt, d.timeZone)}. If now is not a good time, you do not need to reply. You will keep your place on the list, and ${d.therapistName} may offer this place to someone else.`,
      ),
      ...leaveLink('If you no longer want a place, you can leave the list here:', d.leaveUrl),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
