/** To the therapist: the appointment is in the diary, with the calendar invite. */
import * as z from '#shared/zod.js';
import { button, footer, paragraph } from '../blocks.js';
import { link, personName, timeZone } from '../data-schema.js';
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
  joinNote,
  when,
} from './appointment.js';
import { therapistFooter } from './voice.js';

export const bookingConfirmedTherapist = defineTemplate({
  name: 'booking-confirmed-therapist',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    appointment: appointmentSchema,
    clientTimeZone: timeZone,
    autoConfirmed: z.boolean(),
    bookingsUrl: link,
    ics: calendarEventSchema,
  }),
  draft: (d, { writtenAt }) => ({
    subject: `Appointment confirmed for ${day(d.appointment)}`,
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        d.autoConfirmed
          ? `${d.clientName} has booked ${anAppointment(d.appointment)} with you on ${when(d.appointment)}. Your settings confirm bookings by themselves, so it is now in your diary.`
          : `Your ${appointmentName(d.appointment)} with ${d.clientName} on ${when(d.appointment)} is confirmed and in your diary.`,
      ),
      ...clientTimeNote(d.appointment, d.clientName, d.clientTimeZone),
      ...joinNote(d.appointment),
      paragraph(
        `${d.clientName} has had a confirmation with the time in their own zone, and a link to cancel or move it.`,
      ),
      calendarNote('add'),
      button('See your bookings', d.bookingsUrl),
      footer(therapistFooter),
    ],
    attachments: invite(d.ics, writtenAt),
  }),
});
