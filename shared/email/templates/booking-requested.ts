/**
 * To the client, at once: their request for a time arrived, the therapist will answer by a day,
 * and they will hear either way. The manage link lets them withdraw it as easily as they made it.
 */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { isoTime, link, personName } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import {
  anAppointment,
  appointmentName,
  appointmentSchema,
  day,
  manageLink,
  requestNotice,
  when,
} from './appointment.js';
import { clientFooter } from './voice.js';

export const bookingRequested = defineTemplate({
  name: 'booking-requested',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    answerBy: isoTime,
    manageUrl: link,
    cancellationNoticeHours: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60))),
  }),
  draft: (d, { writtenAt }) => ({
    subject: `Your request for ${day(d.appointment)}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`Thank you for choosing a time. This is an automatic note so you know your request arrived.`),
      paragraph(
        `You asked for ${anAppointment(d.appointment)} with ${d.therapistName} on ${when(d.appointment)}. The time is held for you while ${d.therapistName} looks at it.`,
      ),
      // The real time, not only the day: a request is answered well before the time it holds (booking-policy.ts).
      paragraph(
        `${d.therapistName} will reply by ${formatDateTime(d.answerBy, d.appointment.timeZone)}. You will get an email either way.`,
      ),
      ...manageLink(d.manageUrl),
      ...requestNotice(d, d.cancellationNoticeHours, writtenAt),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
