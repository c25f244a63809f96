/**
 * To the client: the therapist cannot take the time they asked for. About the diary and fit, never
 * the person; another time when the invitation is still open; other help and crisis lines always.
 */
import * as z from 'zod';
import { crisis, footer, paragraph, quote, signature } from '../blocks.js';
import { isoTime, link, note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentName, appointmentSchema, when } from './appointment.js';
import { anotherTime } from './rebook.js';
import { clientFooter, otherHelp } from './voice.js';

export const bookingDeclined = defineTemplate({
  name: 'booking-declined',
  audience: 'client',
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    note: note.optional(),
    bookingUrl: link.optional(),
    invitationExpiresAt: isoTime.optional(),
  }),
  draft: (d, { crisisLines }) => ({
    subject: 'About your appointment request',
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`Thank you for asking for ${anAppointment(d.appointment)} with ${d.therapistName}.`),
      paragraph(`${d.therapistName} is not able to take the time you asked for, ${when(d.appointment)}. This is about their diary and what they can offer. It is not about you.`),
      ...(d.note ? [quote(`${d.therapistName} added a note:`, d.note)] : []),
      ...anotherTime('If you would like to, you can choose another time here:', d.bookingUrl, d.invitationExpiresAt, d.appointment.timeZone),
      paragraph(otherHelp),
      crisis(crisisLines),
      signature(d.therapistName),
      footer(clientFooter(d.therapistName)),
    ],
  }),
});
