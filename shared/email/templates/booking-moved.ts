/**
 * To the client, who moved their appointment (or request): the new time, the old one, whether it
 * still waits for the therapist, and — once confirmed — the ICS update (same UID, higher SEQUENCE).
 */
import * as z from '#shared/zod.js';
import { paragraph, signature, type Block } from '../blocks.js';
import { link, personName } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { calendarEventSchema } from '../ics.js';
import { defineTemplate } from '../template.js';
import {
  anAppointment,
  appointmentName,
  appointmentSchema,
  calendarNote,
  howToJoin,
  changeBlocks,
  invite,
  manageLink,
  noticeWindow,
  previousTimeSchema,
  requestNotice,
  when,
} from './appointment.js';
import { clientFooter } from './voice.js';

const orElse = (blocks: Block[], otherwise: Block): Block[] => (blocks.length > 0 ? blocks : [otherwise]);

export const bookingMoved = defineTemplate({
  name: 'booking-moved',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    previous: previousTimeSchema,
    status: z.enum(['requested', 'confirmed']),
    manageUrl: link,
    cancellationNoticeHours: z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60)),
    ics: z.optional(calendarEventSchema),
  }),
  draft: (d, { writtenAt }) => ({
    subject: d.status === 'confirmed' ? 'Your appointment has moved' : 'Your appointment request has moved',
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `Your ${d.status === 'confirmed' ? appointmentName(d.appointment) : `request for ${anAppointment(d.appointment)}`} with ${d.therapistName} has moved to ${when(d.appointment)}. It was on ${formatDateTime(d.previous.start, d.appointment.timeZone)}.`,
      ),
      ...(d.status === 'confirmed'
        ? [
            paragraph('The new time is confirmed.'),
            ...howToJoin(d.appointment, d.therapistName),
            ...(d.ics ? [calendarNote('update')] : []),
          ]
        : [paragraph(`${d.therapistName} still needs to confirm the new time. You will get an email either way.`)]),
      ...(d.status === 'confirmed'
        ? changeBlocks(d, writtenAt, true)
        : [
            ...manageLink(d.manageUrl, true),
            ...orElse(
              requestNotice(d, d.cancellationNoticeHours, writtenAt),
              noticeWindow(d.cancellationNoticeHours, d.therapistName),
            ),
          ]),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
    attachments: invite(d.ics, writtenAt),
  }),
});
