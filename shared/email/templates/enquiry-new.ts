/**
 * To the therapist: a new enquiry, with one-click Accept and Decline. Never the message itself:
 * only that there is one, to be read after signing in.
 */
import * as z from '#shared/zod.js';
import { button, choices, footer, paragraph, type Block } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { therapistFooter } from './voice.js';

export const enquiryNew = defineTemplate({
  name: 'enquiry-new',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    receivedAt: isoTime,
    timeZone,
    preferredContact: z.enum(['email', 'phone']),
    hasMessage: z.boolean(),
    hasTimePreferences: z.boolean(),
    acceptUrl: link,
    declineUrl: link,
    enquiryUrl: link,
  }),
  draft: (d) => {
    const details: Block[] = [];
    if (d.hasMessage) details.push(paragraph('They wrote a message, which you can read after signing in.'));
    if (d.hasTimePreferences)
      details.push(paragraph('They also said which times suit them. You can see these after signing in too.'));
    details.push(
      paragraph(
        d.preferredContact === 'phone'
          ? 'They would like you to contact them by phone. Their number is with the enquiry.'
          : 'They would like you to reply by email.',
      ),
    );
    return {
      subject: 'New enquiry',
      blocks: [
        paragraph(`Hello ${d.therapistName},`),
        paragraph(`${d.clientName} sent you an enquiry on ${formatDateTime(d.receivedAt, d.timeZone)}.`),
        ...details,
        button('Read the enquiry', d.enquiryUrl),
        paragraph(
          `You can also accept or decline from this email. Each link opens a page where you confirm, and where you can add a note for ${d.clientName}.`,
        ),
        choices({ label: 'Accept', url: d.acceptUrl }, { label: 'Decline', url: d.declineUrl }),
        footer(therapistFooter),
      ],
    };
  },
});
