/** To an active client: an invitation to choose a time for a regular session, at their own pace. */
import * as z from 'zod';
import { button, footer, paragraph, signature } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';

export const sessionInvitation = defineTemplate({
  name: 'session-invitation',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    bookingUrl: link,
    invitationExpiresAt: isoTime,
    durationMinutes: z.number().int().min(1).max(24 * 60),
    timeZone,
  }),
  draft: (d) => ({
    subject: `Your next appointment with ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`${d.therapistName} has invited you to book your next appointment. Each one lasts ${d.durationMinutes} minutes.`),
      paragraph('You can choose a time that suits you here. The times are shown in your own time zone.'),
      button('Choose a time', d.bookingUrl),
      paragraph(`This link stays open until ${formatDateTime(d.invitationExpiresAt, d.timeZone)}.`),
      signature(d.therapistName),
      footer(clientFooter(d.therapistName)),
    ],
  }),
});
