/**
 * To the client: the therapist would like to talk. With a booking link when the consultations
 * capability provides one (`bookingUrl`); otherwise the therapist arranges the first conversation.
 */
import * as z from '#shared/zod.js';
import { button, paragraph, quote, signature, type Block } from '../blocks.js';
import { isoTime, link, note, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter, firstConversation } from './voice.js';

export const enquiryAccepted = defineTemplate({
  name: 'enquiry-accepted',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    note: z.optional(note),
    bookingUrl: z.optional(link),
    invitationExpiresAt: z.optional(isoTime),
    timeZone,
  }),
  draft: (d) => {
    const next: Block[] = d.bookingUrl
      ? [
          paragraph(`The next step is ${firstConversation}. You can choose a time that suits you here:`),
          button('Choose a time', d.bookingUrl),
          ...(d.invitationExpiresAt
            ? [paragraph(`This link stays open until ${formatDateTime(d.invitationExpiresAt, d.timeZone)}.`)]
            : []),
        ]
      : [paragraph(`${d.therapistName} will be in touch to arrange ${firstConversation}.`)];
    return {
      subject: `A reply from ${d.therapistName}`,
      blocks: [
        paragraph(`Hello ${d.clientName},`),
        paragraph(`${d.therapistName} has read your message and would be glad to talk with you.`),
        ...(d.note ? [quote(`${d.therapistName} wrote:`, d.note)] : []),
        ...next,
        signature(d.therapistName),
        clientFooter(d.therapistName),
      ],
    };
  },
});
