/**
 * To the therapist: a client asked for a time. One-click Confirm and Decline (each opens a page
 * where the therapist confirms), the time in their zone and, when it differs, in the client's.
 */
import * as z from '#shared/zod.js';
import { button, choices, footer, paragraph, type Block } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import type { BookingRequest } from '../messages.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentName, appointmentSchema, clientTimeNote, joinNote, when } from './appointment.js';
import { therapistFooter } from './voice.js';

export const bookingRequestData = z.object({
  therapistName: personName,
  clientName: personName,
  appointment: appointmentSchema,
  clientTimeZone: timeZone,
  requestedAt: isoTime,
  expiresAt: isoTime,
  confirmUrl: link,
  declineUrl: link,
  bookingsUrl: link,
});

/** The request and the ways to answer it: the nudge says the same after its own opening. */
export function requestBlocks(d: BookingRequest['data']): Block[] {
  const zone = d.appointment.timeZone;
  return [
    ...clientTimeNote(d.appointment, d.clientName, d.clientTimeZone),
    ...joinNote(d.appointment),
    paragraph(
      `If there is no answer by ${formatDateTime(d.expiresAt, zone)}, the request will close and the time will be free again. ${d.clientName} will then get a kind note to say so.`,
    ),
    paragraph(
      `You can confirm or decline from this email. Each link opens a page where you confirm, and where you can add a note for ${d.clientName}.`,
    ),
    choices({ label: 'Confirm', url: d.confirmUrl }, { label: 'Decline', url: d.declineUrl }),
    button('See your bookings', d.bookingsUrl),
    footer(therapistFooter),
  ];
}

export const bookingRequest = defineTemplate({
  name: 'booking-request',
  audience: 'therapist',
  crisisSupport: false,
  data: bookingRequestData,
  draft: (d) => ({
    subject: 'Appointment request',
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        `${d.clientName} would like ${anAppointment(d.appointment)} with you on ${when(d.appointment)}. They asked on ${formatDateTime(d.requestedAt, d.appointment.timeZone)}.`,
      ),
      ...requestBlocks(d),
    ],
  }),
});
