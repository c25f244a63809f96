/**
 * To the person, every few weeks while they wait: a short note that they are still on the list,
 * roughly where things stand (never a number), and one link to stay, one to leave. When two notes
 * in a row have had no answer, this one says plainly when the place will close.
 */
import * as z from '#shared/zod.js';
import { choices, crisis, paragraph, signature } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDay } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';
import { yourPlaceSubject } from './waiting.js';

const standings = {
  next: 'You are next on the list.',
  near: 'There are only a few people ahead of you.',
  further: 'There are some people ahead of you, so it may be a while yet.',
} as const;

export const waitingListCheckIn = defineTemplate({
  name: 'waiting-list-check-in',
  audience: 'client',
  // Someone waiting for help may need it before a place opens.
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    joinedAt: isoTime,
    timeZone,
    standing: z.enum(['next', 'near', 'further']),
    nextAt: isoTime,
    closesThen: z.boolean(),
    stayUrl: link,
    leaveUrl: link,
  }),
  draft: (d, { crisisSupport }) => ({
    subject: yourPlaceSubject(d.therapistName),
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `This is a short note to say you are still on ${d.therapistName}'s waiting list. You joined it on ${formatDay(d.joinedAt, d.timeZone)}. ${standings[d.standing]}`,
      ),
      paragraph(
        `Would you like to keep your place? Please choose below. If things have changed, that is fine too. You do not need to give a reason.`,
      ),
      choices({ label: 'Keep my place', url: d.stayUrl }, { label: 'Leave the waiting list', url: d.leaveUrl }),
      paragraph(
        d.closesThen
          ? `If ${d.therapistName} does not hear from you by ${formatDay(d.nextAt, d.timeZone)}, your place on the list will close then. You are welcome to write again at any time after that.`
          : `${d.therapistName} will check in with you again around ${formatDay(d.nextAt, d.timeZone)}.`,
      ),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
