/**
 * To the client, once, when the therapist sets a regular time for them: the day and time with its
 * zone, how often, and the dates held so far. Like a reminder it may be seen by someone else, so it
 * never says what the appointments are for.
 */
import * as z from '#shared/zod.js';
import { paragraph, signature } from '../blocks.js';
import { isoTime, personName, timeZone } from '../data-schema.js';
import { formatDay, zoneLabel } from '../format-time.js';
import { defineTemplate } from '../template.js';
import { clientFooter } from './voice.js';

const dayNames = {
  mon: 'Mondays',
  tue: 'Tuesdays',
  wed: 'Wednesdays',
  thu: 'Thursdays',
  fri: 'Fridays',
  sat: 'Saturdays',
  sun: 'Sundays',
} as const;

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

export const standingTimeSet = defineTemplate({
  name: 'standing-time-set',
  audience: 'client',
  crisisSupport: false,
  data: z.object({
    clientName: personName,
    therapistName: personName,
    weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    time: z.string().check(z.regex(/^\d{2}:\d{2}$/)),
    every: z.enum(['week', 'fortnight']),
    lengthMinutes: z.int().check(z.minimum(1)),
    /** The first date of the series, YYYY-MM-DD. */
    firstDate: isoTime,
    timeZone,
    /** Starts (ISO instants) of the dates held now, in order. */
    dates: z.array(isoTime).check(z.minLength(1)),
  }),
  draft: (d) => {
    const often = d.every === 'week' ? 'every week' : 'every second week';
    return {
      subject: `Your regular time with ${d.therapistName}`,
      blocks: [
        paragraph(`Hello ${d.clientName},`),
        paragraph(
          `${d.therapistName} has set a regular time for you: ${dayNames[d.weekday]} at ${d.time} (${zoneLabel(d.timeZone)}), ${often}, from ${formatDay(d.firstDate, d.timeZone)}. Each time is ${d.lengthMinutes} minutes.`,
        ),
        paragraph(
          `These dates are kept for you now: ${list(d.dates.map((iso) => formatDay(iso, d.timeZone)))}. Later dates are kept in the same way as the weeks go by.`,
        ),
        paragraph(`If a date does not suit you, please tell ${d.therapistName}.`),
        signature(d.therapistName),
        clientFooter(d.therapistName),
      ],
    };
  },
});
