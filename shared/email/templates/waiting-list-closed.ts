/**
 * To the person, when their place on the list closes: they left, the therapist took them off (with
 * the therapist's note), or two check-ins went unanswered. Never about the person; the door stays
 * open; other help and the crisis lines, as on every closing message.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, quote, signature, type Block } from '../blocks.js';
import { note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { clientFooter, otherHelp } from './voice.js';
import { yourPlaceSubject } from './waiting.js';

export const waitingListClosed = defineTemplate({
  name: 'waiting-list-closed',
  audience: 'client',
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    reason: z.enum(['left', 'removed', 'no-reply']),
    note: z.optional(note),
  }),
  draft: (d, { crisisSupport }) => {
    const t = d.therapistName;
    const what: Record<typeof d.reason, Block[]> = {
      left: [
        paragraph(
          `This note is to say that you have left ${t}'s waiting list, as you asked. Thank you for letting ${t} know.`,
        ),
      ],
      removed: [
        paragraph(
          `${t} has taken you off the waiting list. This is about how much time ${t} has. It is not about you or anything you wrote.`,
        ),
        ...(d.note ? [quote(`${t} added a note:`, d.note)] : []),
      ],
      'no-reply': [
        paragraph(
          `${t} has checked in with you twice and has not heard back, so your place on the waiting list is now closed.`,
        ),
        paragraph('That is fine. Life gets busy and plans change. There is no need to reply to this note.'),
      ],
    };
    return {
      subject: yourPlaceSubject(t),
      blocks: [
        paragraph(`Hello ${d.clientName},`),
        ...what[d.reason],
        paragraph(`If you would like support later, you are welcome to write to ${t} again. ${otherHelp}`),
        crisis(crisisSupport),
        signature(t),
        clientFooter(t),
      ],
    };
  },
});
