/**
 * To the therapist: a client of theirs asks to come back. Never the message itself: only that
 * there is one, read after signing in with the client's history, where they accept or decline.
 * `reminder`: the one nudge while the request still waits, calm like the enquiry nudge.
 */
import * as z from '#shared/zod.js';
import { button, footer, paragraph } from '../blocks.js';
import { isoTime, link, personName, timeZone } from '../data-schema.js';
import { formatDateTime } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { therapistFooter } from './voice.js';

export const returnRequestNew = defineTemplate({
  name: 'return-request-new',
  audience: 'therapist',
  crisisSupport: false,
  data: z.object({
    therapistName: personName,
    clientName: personName,
    receivedAt: isoTime,
    timeZone,
    hasMessage: z.boolean(),
    returnsUrl: link,
    reminder: z.optional(z.boolean()),
  }),
  draft: (d) => ({
    subject: d.reminder ? 'A reminder: a return request is waiting' : 'Return request',
    blocks: [
      paragraph(`Hello ${d.therapistName},`),
      paragraph(
        d.reminder
          ? `${d.clientName} asked on ${formatDateTime(d.receivedAt, d.timeZone)} to come back. The request is still waiting for your answer.`
          : `${d.clientName} would like to come back. They asked on ${formatDateTime(d.receivedAt, d.timeZone)}.`,
      ),
      ...(d.hasMessage ? [paragraph('They wrote a message, which you can read after signing in.')] : []),
      paragraph(
        `After signing in you can see your past work together, and accept or decline. If you accept, ${d.clientName} gets a link to book a session straight away.`,
      ),
      button('See the request', d.returnsUrl),
      footer(therapistFooter),
    ],
  }),
});
