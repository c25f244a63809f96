/** To the therapist: a client moved their appointment or request; the calendar update once confirmed. */
import * as z from '#shared/zod.js';
import { button, footer, paragraph } from '../blocks.js';
import { link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { calendarEventSchema } from '../ics.js';
import { defineTemplate } from '../template.js';
import {
  anAppointment,
  appointmentName,
  appointmentSchema,
  calendarNote,
  clientTimeNote,
  day,
  invite,
  previousTimeSchema,
  when,
} from './appointment.js';
import { therapistFooter } from './voice.js';

export const bookingMovedTherapist = defineTemplate({
  name: 'booking-moved-therapist',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    appointment: appointmentSchema,
    previous: previousTimeSchema,
    clientTimeZone: timeZone,
    status: z.enum(['requested', 'confirmed']),
    bookingsUrl: link,
    ics: z.optional(calendarEventSchema),
  }),
  draft: (d, { writtenAt }) => ({
    subject: `Appointment moved to ${day(d.appointment)}`,
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        `${d.clientName} has moved their ${d.status === 'confirmed' ? appointmentName(d.appointment) : `request for ${anAppointment(d.appointment)}`} to ${when(d.appointment)}. It was on ${formatDateTime(d.previous.start, d.appointment.timeZone)}.`,
      ),
      ...clientTimeNote(d.appointment, d.clientName, d.clientTimeZone),
      ...(d.status === 'confirmed'
        ? [paragraph('It is still confirmed. The old time is free again.'), ...(d.ics ? [calendarNote('update')] : [])]
        : [
            paragraph(
              'The new time still needs your answer. You can confirm or decline it from your bookings. The old time is free again.',
            ),
          ]),
      button('See your bookings', d.bookingsUrl),
      footer(therapistFooter),
    ],
    attachments: invite(d.ics, writtenAt),
  }),
});
