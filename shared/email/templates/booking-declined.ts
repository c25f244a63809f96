/**
 * To the client: the therapist cannot take the time they asked for. About the diary, never the
 * person. One clear next step for each case: while the invitation is open, another time; once it has
 * closed, writing to the therapist again. "Other counsellors may help" beside "choose another time"
 * would read as a second, hidden no, so it is not said here. The crisis lines always.
 */
import * as z from '#shared/zod.js';
import { button, crisis, paragraph, quote, signature } from '../blocks.js';
import { isoTime, link, note, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentSchema, when } from './appointment.js';
import { anotherTime } from './rebook.js';
import { clientFooter } from './voice.js';

export const bookingDeclined = defineTemplate({
  name: 'booking-declined',
  audience: 'client',
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    note: z.optional(note),
    bookingUrl: z.optional(link),
    invitationExpiresAt: z.optional(isoTime),
    contactUrl: z.optional(link),
  }),
  draft: (d, { crisisSupport }) => ({
    subject: 'About your appointment request',
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(`Thank you for asking for ${anAppointment(d.appointment)} with ${d.therapistName}.`),
      paragraph(
        `${d.therapistName} is not able to take the time you asked for, ${when(d.appointment)}. This is about their diary. It is not about you.`,
      ),
      ...(d.note ? [quote(`${d.therapistName} added a note:`, d.note)] : []),
      ...(d.bookingUrl
        ? anotherTime(
            'You are welcome to choose another time that suits you here:',
            d.bookingUrl,
            d.invitationExpiresAt,
            d.appointment.timeZone,
          )
        : d.contactUrl
          ? [
              paragraph(
                `The link to choose a time has now closed. If you would still like to meet, you can write to ${d.therapistName} again here:`,
              ),
              button(`Write to ${d.therapistName}`, d.contactUrl),
            ]
          : [
              paragraph(
                `If you would still like to meet, you are welcome to get in touch with ${d.therapistName} again.`,
              ),
            ]),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
