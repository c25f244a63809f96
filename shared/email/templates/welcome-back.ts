/**
 * To an active client with nothing booked after the therapist's break, near its end: a warm
 * invitation to book again. The one reminder a therapist may send says the same gently, and says
 * that not booking yet is fine: no pressure, no countdown.
 */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { datesInWords } from './break-notice.js';
import { chooseSessionTime } from './rebook.js';
import { sessionInvitationData } from './session-invitation.js';
import { clientFooter } from './voice.js';

export const welcomeBack = defineTemplate({
  name: 'welcome-back',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    firstDayBack: datesInWords,
    reminder: z.boolean(),
    ...sessionInvitationData,
  }),
  draft: (d) => ({
    subject: `Your next appointment with ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        d.reminder
          ? `${d.therapistName} sent you a link a little while ago to book your next appointment. Here it is again, in case it helps.`
          : `${d.therapistName} will be back on ${d.firstDayBack}, and would be glad to see you again.`,
      ),
      ...chooseSessionTime(d),
      paragraph('If you would rather wait, that is fine. You do not need to reply.'),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
