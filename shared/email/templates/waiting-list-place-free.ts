/** To the therapist: a place they offered is free again, so they can offer it to the next person. */
import * as z from '#shared/zod.js';
import { button, footer, paragraph } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDay } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { therapistFooter } from './voice.js';

export const waitingListPlaceFree = defineTemplate({
  name: 'waiting-list-place-free',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    reason: z.enum(['offer-expired', 'left']),
    offeredAt: isoTime,
    timeZone,
    waitingListUrl: link,
  }),
  draft: (d) => ({
    subject: 'A place is free again',
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        d.reason === 'offer-expired'
          ? `The place you offered ${d.clientName} on ${formatDay(d.offeredAt, d.timeZone)} was not taken up before the link closed. ${d.clientName} is still on your waiting list, in the same place, and has had a kind note to say so.`
          : `${d.clientName} has left your waiting list, so the place you offered them on ${formatDay(d.offeredAt, d.timeZone)} is free again. They have had a note to confirm it.`,
      ),
      paragraph('You can offer the place to the next person on your list.'),
      button('See your waiting list', d.waitingListUrl),
      footer(therapistFooter),
    ],
  }),
});
