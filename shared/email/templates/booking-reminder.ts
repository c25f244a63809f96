/**
 * To the client, before the appointment. Minimal on purpose (docs/voice-and-privacy.md): first names, the time with
 * its zone, how to join, how to cancel. Never the reason for the appointment, never what kind it is:
 * a reminder is the email most likely to be seen by someone else.
 */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { link, personName } from '../data-schema.js';
import { defineTemplate } from '../template.js';
import { appointmentSchema, changeBlocks, day, howToJoin, manageLink, when } from './appointment.js';
import { clientFooter } from './voice.js';

export const bookingReminder = defineTemplate({
  name: 'booking-reminder',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientFirstName: personName,
    therapistFirstName: personName,
    therapistName: personName,
    appointment: appointmentSchema,
    manageUrl: link,
    cancellationNoticeHours: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60))),
  }),
  draft: (d, { writtenAt }) => ({
    subject: `Your appointment on ${day(d.appointment)}`,
    blocks: [
      paragraph(`Hello ${d.clientFirstName},`),
      paragraph(
        `A short note to remind you of your appointment with ${d.therapistFirstName} on ${when(d.appointment)}.`,
      ),
      ...howToJoin(d.appointment, d.therapistFirstName),
      // A reminder usually goes out inside the notice window: it says so rather than offer a change the page would refuse.
      ...(d.cancellationNoticeHours === undefined
        ? manageLink(d.manageUrl)
        : changeBlocks(
            {
              appointment: d.appointment,
              manageUrl: d.manageUrl,
              cancellationNoticeHours: d.cancellationNoticeHours,
              therapistName: d.therapistFirstName,
            },
            writtenAt,
          )),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
