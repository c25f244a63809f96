/** To an active client: an invitation to choose a time for a regular session, at their own pace. */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { chooseSessionTime } from './rebook.js';
import { clientFooter } from './voice.js';

export const sessionInvitationData = {
  bookingUrl: link,
  invitationExpiresAt: isoTime,
  durationMinutes: z.number().check(z.int(), z.minimum(1), z.maximum(24 * 60)),
  timeZone,
};

export const sessionInvitation = defineTemplate({
  name: 'session-invitation',
  audience: 'client',
  crisisSupport: false,
  data: z.object({ clientName: personName, therapistName: personName, ...sessionInvitationData }),
  draft: (d) => ({
    subject: `Your next appointment with ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`${d.therapistName} has invited you to book your next appointment.`),
      ...chooseSessionTime(d),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
