/**
 * To the person, at once, when they wrote to a therapist who is full: honest that they are on a
 * waiting list and why (space, not them), how long it may be, what happens next, how to leave, and
 * help meanwhile. It takes the place of enquiry-received, with the same neutral subject.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, quote, signature } from '../blocks.js';
import { link, note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { clientFooter, firstConversation } from './voice.js';
import { leaveLink } from './waiting.js';

const weeks = z.number().check(z.int(), z.minimum(1), z.maximum(104));

export const waitingListJoined = defineTemplate({
  name: 'waiting-list-joined',
  audience: 'client',
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    expectedWaitWeeks: z.optional(weeks),
    note: z.optional(note),
    checkInWeeks: weeks,
    leaveUrl: link,
  }),
  draft: (d, { crisisSupport }) => ({
    subject: `Your message to ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph('Thank you for your message. This is an automatic note so you know it arrived.'),
      paragraph(
        `${d.therapistName} is full at the moment and cannot take on anyone new just now, so you are on their waiting list. This is about how much time ${d.therapistName} has. It is not about you or anything you wrote.`,
      ),
      ...(d.expectedWaitWeeks
        ? [
            paragraph(
              `${d.therapistName} thinks the wait will be about ${d.expectedWaitWeeks === 1 ? 'one week' : `${d.expectedWaitWeeks} weeks`}. This is a guess, so it may be shorter or longer.`,
            ),
          ]
        : []),
      ...(d.note ? [quote(`${d.therapistName} added a note:`, d.note)] : []),
      paragraph(
        `When a place opens, ${d.therapistName} will email you a link to choose a time for ${firstConversation}. Until then, you will get a short note every ${d.checkInWeeks} weeks, so you can say if you still want your place.`,
      ),
      paragraph(
        `What you wrote is kept private. Only ${d.therapistName} can read it. You do not need to do anything else for now.`,
      ),
      ...leaveLink('You can leave the list at any time, for any reason, here:', d.leaveUrl),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
