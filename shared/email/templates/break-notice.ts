/**
 * To an active client, once, before the therapist's break: the dates, when they are back, what
 * happens to appointments, and the therapist's own note. A break can be hard for a client, so it
 * carries the crisis lines: someone needing help while their therapist is away should know where.
 */
import * as z from '#shared/zod.js';
import { crisis, paragraph, quote, signature } from '../blocks.js';
import { isoTime, note, personName } from '../data-schema.js';
import { oneLine } from '../header.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';

/** Dates already in words ("from Monday 3 August to Friday 14 August"), made by the break's domain. */
export const datesInWords = z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), z.transform(oneLine));

export const breakNotice = defineTemplate({
  name: 'break-notice',
  audience: 'client',
  crisisSupport: true,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    start: isoTime,
    end: isoTime,
    when: datesInWords,
    firstDayBack: datesInWords,
    therapistMessage: z.optional(note),
  }),
  draft: (d, { crisisSupport }) => ({
    subject: `${d.therapistName} will be away ${d.when}`,
    blocks: [
      paragraph(`Hello ${d.clientName},`),
      paragraph(
        `This is a note to let you know that ${d.therapistName} will be taking a break ${d.when}. There will be no appointments ${d.start === d.end ? 'on that day' : 'in that time'}. ${d.therapistName} will be back on ${d.firstDayBack}.`,
      ),
      ...(d.therapistMessage ? [quote(`${d.therapistName} wrote:`, d.therapistMessage)] : []),
      paragraph(
        `If you have an appointment booked ${d.start === d.end ? 'on that day' : 'in that time'}, you will get a separate email if anything changes.`,
      ),
      paragraph(
        'If you do not have an appointment booked for after the break, you will get a link to choose one nearer the time. You do not need to do anything now.',
      ),
      crisis(crisisSupport),
      signature(d.therapistName),
      clientFooter(d.therapistName),
    ],
  }),
});
