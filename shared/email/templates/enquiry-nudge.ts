/** To the therapist: an enquiry still waits, and when it will close if nobody replies. Calm, not pushy. */
import * as z from '#shared/zod.js';
import { button, choices, footer, paragraph } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { therapistFooter } from './voice.js';

export const enquiryNudge = defineTemplate({
  name: 'enquiry-nudge',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    receivedAt: isoTime,
    timeZone,
    acceptUrl: link,
    declineUrl: link,
    enquiryUrl: link,
    expiresAt: isoTime,
  }),
  draft: (d) => ({
    subject: 'A reminder: an enquiry is waiting',
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        `${d.clientName} sent you an enquiry on ${formatDateTime(d.receivedAt, d.timeZone)}. It is still waiting for a reply.`,
      ),
      paragraph(
        `If there is no reply by ${formatDateTime(d.expiresAt, d.timeZone)}, the enquiry will close. ${d.clientName} will then get a kind note to say so.`,
      ),
      button('Read the enquiry', d.enquiryUrl),
      paragraph('You can also accept or decline from this email. Each link opens a page where you confirm.'),
      choices({ label: 'Accept', url: d.acceptUrl }, { label: 'Decline', url: d.declineUrl }),
      footer(therapistFooter),
    ],
  }),
});
