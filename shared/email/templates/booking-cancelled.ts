/**
 * To the client, whoever cancelled. Cancelled by the client: a plain confirmation. By the therapist:
 * an apology, their note, and what happens next. A confirmed booking's email carries the ICS CANCEL.
 */
import * as z from '#shared/zod.js';
import { paragraph, quote, signature, type Block } from '../blocks.js';
import { isoTime, link, note, personName } from '../data-schema.js';
import { calendarEventSchema } from '../ics.js';
import type { BookingCancelled } from '../messages.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentName, appointmentSchema, calendarNote, day, invite, when } from './appointment.js';
import { anotherTime } from './rebook.js';
import { clientFooter } from './voice.js';

function whatHappened(d: BookingCancelled['data']): Block[] {
  const what = d.wasRequest
    ? `your request for ${anAppointment(d.appointment)}`
    : `your ${appointmentName(d.appointment)}`;
  if (d.cancelledBy === 'client')
    return [paragraph(`As you asked, ${what} with ${d.therapistName} on ${when(d.appointment)} is now cancelled.`)];
  return [
    paragraph(
      `${d.therapistName} has had to cancel ${what} on ${when(d.appointment)}. They are sorry for any trouble this causes.`,
    ),
    ...(d.note ? [quote(`${d.therapistName} added a note:`, d.note)] : []),
  ];
}

function whatNext(d: BookingCancelled['data']): Block[] {
  if (d.bookingUrl)
    return anotherTime(
      'If you would like to, you can choose another time here:',
      d.bookingUrl,
      d.invitationExpiresAt,
      d.appointment.timeZone,
    );
  if (d.cancelledBy === 'therapist')
    return [paragraph(`If ${d.therapistName} can offer you another time, they will send you a new link.`)];
  // Never a dead end: the contact page at the end of the email is the way back.
  return [
    paragraph(
      `If you would like to arrange another time, you can write to ${d.therapistName} through their contact page, linked below.`,
    ),
  ];
}

export const bookingCancelled = defineTemplate({
  name: 'booking-cancelled',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    cancelledBy: z.enum(['client', 'therapist']),
    note: z.optional(note),
    wasRequest: z.boolean(),
    bookingUrl: z.optional(link),
    invitationExpiresAt: z.optional(isoTime),
    ics: z.optional(calendarEventSchema),
  }),
  draft: (d, { writtenAt }) => ({
    subject: d.wasRequest
      ? `Your request for ${day(d.appointment)} is cancelled`
      : `Your appointment on ${day(d.appointment)} is cancelled`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      ...whatHappened(d),
      ...(d.ics ? [calendarNote('remove')] : []),
      ...whatNext(d),
      paragraph('You do not need to do anything else.'),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
    attachments: invite(d.ics, writtenAt),
  }),
});
