/** To the therapist, once: a request still waits, and when it will close. Calm, not pushy. */
import { paragraph } from '../blocks.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { anAppointment, appointmentName, when } from './appointment.js';
import { bookingRequestData, requestBlocks } from './booking-request.js';

export const bookingRequestNudge = defineTemplate({
  name: 'booking-request-nudge',
  audience: 'therapist',
  crisisSupport: false,
  data: bookingRequestData,
  draft: (d) => ({
    subject: 'A reminder: an appointment request is waiting',
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        `${d.clientName} asked on ${formatDateTime(d.requestedAt, d.appointment.timeZone)} for ${anAppointment(d.appointment)} on ${when(d.appointment)}. The request is still waiting for your answer.`,
      ),
      ...requestBlocks(d),
    ],
  }),
});
