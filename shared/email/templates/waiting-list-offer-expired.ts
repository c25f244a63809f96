/** To the person: the link to take up a place closed unused. Nobody is blamed; they keep their place. */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDay } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';
import { leaveLink, yourPlaceSubject } from './waiting.js';

export const waitingListOfferExpired = defineTemplate({
  name: 'waiting-list-offer-expired',
  audience: 'client',
  crisisSupport: false,
  data: z.object({ clientName: personName, therapistName: personName, offeredAt: isoTime, timeZone, leaveUrl: link }),
  draft: (d) => ({
    subject: yourPlaceSubject(d.therapistName),
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `On ${formatDay(d.offeredAt, d.timeZone)}, ${d.therapistName} sent you a link to choose a time. That link has now closed, so ${d.therapistName} may offer the place to someone else.`,
      ),
      paragraph(
        `You are still on the waiting list, in the same place. You do not need to do anything. ${d.therapistName} will check in with you again in a few weeks.`,
      ),
      ...leaveLink('If you would rather leave the list, you can do that here:', d.leaveUrl),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
