/** To the therapist: someone joined the waiting list. Never the message: only that there is one. */
import * as z from '#shared/zod.js';
import { button, footer, paragraph, type Block } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { therapistFooter } from './voice.js';

export const waitingListNew = defineTemplate({
  name: 'waiting-list-new',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    joinedAt: isoTime,
    timeZone,
    preferredContact: z.enum(['email', 'phone']),
    hasMessage: z.boolean(),
    hasTimePreferences: z.boolean(),
    waitingListUrl: link,
  }),
  draft: (d) => {
    const details: Block[] = [];
    if (d.hasMessage) details.push(paragraph('They wrote a message, which you can read after signing in.'));
    if (d.hasTimePreferences)
      details.push(paragraph('They also said which times suit them. You can see these after signing in too.'));
    details.push(
      paragraph(
        d.preferredContact === 'phone'
          ? 'They would like to hear from you by phone. Their number is on the list.'
          : 'They would like to hear from you by email.',
      ),
    );
    return {
      subject: 'New on your waiting list',
      blocks: [
        paragraph(`Hello ${d.therapistName},`),
        paragraph(
          `${d.clientName} wrote to you on ${formatDateTime(d.joinedAt, d.timeZone)}. You are not taking new clients just now, so they joined your waiting list. They have had a short note to say so.`,
        ),
        ...details,
        paragraph(
          'When you have space, you can offer places in the order people joined. Each offer is an invitation to book a first consultation.',
        ),
        button('See your waiting list', d.waitingListUrl),
        footer(therapistFooter),
      ],
    };
  },
});
