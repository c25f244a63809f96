/** To a client who had a break notice, when the break was called off before it began: short and clear. */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { isoTime, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { datesInWords } from './break-notice.js';
import { clientFooter } from './voice.js';

export const breakNoticeCorrection = defineTemplate({
  name: 'break-notice-correction',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    start: isoTime,
    end: isoTime,
    when: datesInWords,
  }),
  draft: (d) => ({
    subject: `A change of plan from ${d.therapistName}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `You had a note to say that ${d.therapistName} would be taking a break ${d.when}. That break is not going ahead after all.`,
      ),
      paragraph('Appointments carry on as usual on those dates. You do not need to do anything. Sorry for any mix-up.'),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
