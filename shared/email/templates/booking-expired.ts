/**
 * To the client: their request could not be confirmed in time, so it closed and the time is free.
 * Nobody is blamed — not the client, not the therapist — and another time is offered when it can be.
 * Like an enquiry closed without a reply, it carries other help and the crisis lines.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, signature } from '../blocks.js';
import { isoTime, link, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentName, appointmentSchema, when } from './appointment.js';
import { anotherTime } from './rebook.js';
import { clientFooter, otherHelp } from './voice.js';

export const bookingExpired = defineTemplate({
  name: 'booking-expired',
  audience: 'client',
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    bookingUrl: z.optional(link),
    invitationExpiresAt: z.optional(isoTime),
  }),
  draft: (d, { crisisSupport }) => ({
    subject: 'About your appointment request',
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `You asked for ${anAppointment(d.appointment)} with ${d.therapistName} on ${when(d.appointment)}. It has not been possible to confirm it in time, so the request is now closed.`,
      ),
      paragraph('It can be hard to wait and not hear back. This is not about you or anything you did.'),
      ...anotherTime(
        'You are welcome to choose another time here:',
        d.bookingUrl,
        d.invitationExpiresAt,
        d.appointment.timeZone,
      ),
      paragraph(otherHelp),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
