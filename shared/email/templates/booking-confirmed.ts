/**
 * To the client: the appointment is confirmed. When, how to join, the calendar invite, and the
 * manage link — cancelling is as easy as booking (docs/voice-and-privacy.md).
 */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { link, personName } from '../data-schema.js';
import { calendarEventSchema } from '../ics.js';
import { defineTemplate } from '../template.js';
import {
  appointmentName,
  appointmentSchema,
  calendarNote,
  day,
  howToJoin,
  changeBlocks,
  invite,
  length,
  when,
} from './appointment.js';
import { clientFooter } from './voice.js';

export const bookingConfirmed = defineTemplate({
  name: 'booking-confirmed',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    manageUrl: link,
    cancellationNoticeHours: z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60)),
    ics: calendarEventSchema,
  }),
  draft: (d, { writtenAt }) => ({
    subject: `Your appointment on ${day(d.appointment)}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `Your ${appointmentName(d.appointment)} with ${d.therapistName} is confirmed for ${when(d.appointment)}. ${length(d.appointment)}`,
      ),
      ...howToJoin(d.appointment, d.therapistName),
      calendarNote('add'),
      ...changeBlocks(d, writtenAt),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
    attachments: invite(d.ics, writtenAt),
  }),
});
