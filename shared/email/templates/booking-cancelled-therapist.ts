/**
 * To the therapist, whoever cancelled. The client's reason is their own words and is never emailed:
 * only that there is one, to read after signing in (as with an enquiry's message).
 */
import * as z from '#shared/zod.js';
import { button, footer, paragraph } from '../blocks.js';
import { link, personName } from '../data-schema.js';
import { calendarEventSchema } from '../ics.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentName, appointmentSchema, calendarNote, day, invite, when } from './appointment.js';
import { therapistFooter } from './voice.js';

export const bookingCancelledTherapist = defineTemplate({
  name: 'booking-cancelled-therapist',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    appointment: appointmentSchema,
    cancelledBy: z.enum(['client', 'therapist']),
    hasReason: z.boolean(),
    wasRequest: z.boolean(),
    bookingsUrl: link,
    ics: z.optional(calendarEventSchema),
  }),
  draft: (d, { writtenAt }) => {
    const what = d.wasRequest ? `request for ${anAppointment(d.appointment)}` : appointmentName(d.appointment);
    return {
      subject: `Appointment cancelled for ${day(d.appointment)}`,
      blocks: [
        paragraph(`Hello ${d.therapistName},`),
        paragraph(
          d.cancelledBy === 'client'
            ? `${d.clientName} has cancelled their ${what} on ${when(d.appointment)}. The time is free again.`
            : `As you asked, the ${what} with ${d.clientName} on ${when(d.appointment)} is cancelled. The time is free again, and ${d.clientName} has been told.`,
        ),
        ...(d.cancelledBy === 'client' && d.hasReason
          ? [paragraph('They left a note with it, which you can read after signing in.')]
          : []),
        ...(d.ics ? [calendarNote('remove')] : []),
        button('See your bookings', d.bookingsUrl),
        footer(therapistFooter),
      ],
      attachments: invite(d.ics, writtenAt),
    };
  },
});
