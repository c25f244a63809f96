/**
 * The calendar invite a booking email carries (RFC 5545 with iTIP's METHOD, RFC 5546). The `ics`
 * package writes the properties and escapes TEXT values (\\ ; , and newlines); two things it gets
 * wrong are put right here:
 * - it folds lines at 75 characters, but RFC 5545 says 75 octets, so a name like "Zoë Ødegård"
 *   could make an over-long line: its output is unfolded and folded again by octets;
 * - it escapes a DQUOTE inside a quoted parameter (CN="...") with a backslash, which the grammar
 *   does not allow: names lose their double quotes instead (a display name, nothing more).
 * Times are written in UTC (…Z). A TZID would need a VTIMEZONE block that `ics` cannot write, and
 * UTC shows correctly in every calendar; the reader's zone is named in the description instead.
 */
import { createEvent, type EventAttributes } from 'ics';
import * as z from 'zod';
import type { Attachment } from './compose.js';
import { isoTime, personName, timeZone } from './data-schema.js';
import { formatDateTime } from './format-time.js';
import { oneLine } from './header.js';
import { refold } from './ics-folding.js';
import type { CalendarEvent } from './messages.js';

export { foldLine } from './ics-folding.js';

const PRODUCT_ID = '-//Threshold//Appointments//EN';
const FILENAME = 'invite.ics';

const person = z.object({ name: personName, email: z.email() });

/** Parses a stored CalendarEvent: what a template reads from `data.ics`. */
export const calendarEventSchema = z
  .object({
    method: z.enum(['REQUEST', 'CANCEL']),
    status: z.enum(['CONFIRMED', 'CANCELLED']),
    // A UID is an identifier, not prose: nothing in it needs escaping or could break a line.
    uid: z.string().regex(/^[A-Za-z0-9._-]{1,128}@[A-Za-z0-9.-]{1,64}$/),
    sequence: z.number().int().min(0).max(2_147_483_647),
    start: isoTime,
    end: isoTime,
    timeZone,
    summary: z.string().trim().min(1).max(200).transform(oneLine),
    location: z.string().trim().min(1).max(500).transform(oneLine).optional(),
    description: z.string().trim().min(1).max(2000),
    organizer: person,
    attendees: z.array(person).max(20),
  })
  // A cancellation that says CONFIRMED (or the reverse) would leave calendars disagreeing.
  .refine((e) => (e.method === 'CANCEL') === (e.status === 'CANCELLED'), { path: ['status'], message: 'status does not match method' })
  .refine((e) => Date.parse(e.end) > Date.parse(e.start), { path: ['end'], message: 'end is not after start' });

/** A quoted parameter value may hold anything but DQUOTE and control characters (RFC 5545 3.1). */
const paramText = (value: string): string => value.replace(/"/g, "'");

/**
 * The iCalendar text. `stamp` is DTSTAMP: when this version of the invite was made. Calendars order
 * versions by SEQUENCE and, at an equal SEQUENCE, by DTSTAMP.
 */
export function calendarText(event: CalendarEvent, stamp: Date): string {
  const when = formatDateTime(event.start, event.timeZone);
  const attributes: EventAttributes = {
    productId: PRODUCT_ID,
    method: event.method,
    uid: event.uid,
    sequence: event.sequence,
    status: event.status,
    start: Date.parse(event.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(event.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: event.summary,
    // The time in the reader's own words, zone named, because the calendar shows only its own zone.
    description: `${when}.\n${event.description}`,
    ...(event.location ? { location: event.location } : {}),
    organizer: { name: paramText(event.organizer.name), email: event.organizer.email },
    // RSVP=FALSE: the organizer's address is the unattended sender, so a reply would reach nobody.
    attendees: event.attendees.map((a) => ({ name: paramText(a.name), email: a.email, rsvp: false, partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' })),
    busyStatus: event.status === 'CANCELLED' ? 'FREE' : 'BUSY',
    transp: event.status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE',
  };
  // `timestamp` (DTSTAMP) is read by `ics` but missing from its types; without it DTSTAMP is "now",
  // and rendering the same message twice would give two different invites.
  const { error, value } = createEvent(Object.assign(attributes, { timestamp: stamp.getTime() }));
  if (error || !value) throw new Error(`Calendar invite not written: ${error?.name ?? 'no output'}`);
  return refold(value);
}

/** The invite as an attachment; the METHOD is in the content type too, as iTIP mail clients expect. */
export const calendarAttachment = (event: CalendarEvent, stamp: Date): Attachment => ({
  filename: FILENAME,
  contentType: `text/calendar; charset=utf-8; method=${event.method}`,
  content: calendarText(event, stamp),
});
