/**
 * The calendar invite a booking email carries (RFC 5545 with iTIP's METHOD, RFC 5546), written with
 * ical.js, the library calendar sync reads calendars with, so one iCalendar library serves both ways.
 * ical.js escapes TEXT values (\\ ; , and newlines); three things are put right here:
 * - it lets a continuation line reach 76 octets (75 after the leading space): lines are folded
 *   again by octets (ics-folding.ts);
 * - it escapes a DQUOTE in a parameter the RFC 6868 way (^'), which a client that does not know
 *   RFC 6868 shows as typed: names lose their double quotes instead (a display name, nothing more);
 * - it passes a carriage return through raw, which would break the line: line breaks become LF,
 *   which it escapes as \n (ics-folding.ts textValue).
 * Times are written in UTC (…Z). A TZID would need a VTIMEZONE block for every zone, and UTC shows
 * correctly in every calendar; the reader's zone is named in the description instead.
 */
import ICAL from 'ical.js';
import * as z from '../zod.js';
import type { Attachment } from './compose.js';
import { isoTime, personName, timeZone } from './data-schema.js';
import { formatDateTime } from './format-time.js';
import { oneLine } from './header.js';
import { refold, textValue } from './ics-folding.js';
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
    uid: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,128}@[A-Za-z0-9.-]{1,64}$/)),
    sequence: z.number().check(z.int(), z.minimum(0), z.maximum(2_147_483_647)),
    start: isoTime,
    end: isoTime,
    timeZone,
    summary: z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), z.transform(oneLine)),
    location: z.optional(z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)), z.transform(oneLine))),
    description: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
    organizer: person,
    attendees: z.array(person).check(z.maxLength(20)),
  })
  .check(
    // A cancellation that says CONFIRMED (or the reverse) would leave calendars disagreeing.
    z.refine((e) => (e.method === 'CANCEL') === (e.status === 'CANCELLED'), {
      path: ['status'],
      message: 'status does not match method',
    }),
    z.refine((e) => Date.parse(e.end) > Date.parse(e.start), { path: ['end'], message: 'end is not after start' }),
  );

/** A quoted parameter value may hold anything but DQUOTE and control characters (RFC 5545 3.1). */
const paramText = (value: string): string => value.replace(/"/g, "'");

/**
 * The iCalendar text. `stamp` is DTSTAMP: when this version of the invite was made. Calendars order
 * versions by SEQUENCE and, at an equal SEQUENCE, by DTSTAMP, so the same message rendered twice
 * gives the same invite.
 */
export function calendarText(event: CalendarEvent, stamp: Date): string {
  const cancelled = event.status === 'CANCELLED';
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('prodid', PRODUCT_ID);
  calendar.addPropertyWithValue('method', event.method);
  // What the invites have always carried (a subscribed calendar's refresh hint; mail clients ignore it).
  calendar.addPropertyWithValue('x-published-ttl', 'PT1H');

  const vevent = new ICAL.Component('vevent');
  vevent.addPropertyWithValue('uid', event.uid);
  vevent.addPropertyWithValue('summary', event.summary);
  vevent.addPropertyWithValue('dtstamp', ICAL.Time.fromJSDate(stamp, true));
  vevent.addPropertyWithValue('dtstart', ICAL.Time.fromJSDate(new Date(event.start), true));
  vevent.addPropertyWithValue('dtend', ICAL.Time.fromJSDate(new Date(event.end), true));
  vevent.addPropertyWithValue('sequence', event.sequence);
  // The time in the reader's own words, zone named, because the calendar shows only its own zone.
  const when = formatDateTime(event.start, event.timeZone);
  vevent.addPropertyWithValue('description', textValue(`${when}.\n${event.description}`));
  if (event.location) vevent.addPropertyWithValue('location', event.location);
  vevent.addPropertyWithValue('status', event.status);
  vevent
    .addPropertyWithValue('organizer', `MAILTO:${event.organizer.email}`)
    .setParameter('cn', paramText(event.organizer.name));
  vevent.addPropertyWithValue('x-microsoft-cdo-busystatus', cancelled ? 'FREE' : 'BUSY');
  vevent.addPropertyWithValue('transp', cancelled ? 'TRANSPARENT' : 'OPAQUE');
  for (const attendee of event.attendees) {
    const property = vevent.addPropertyWithValue('attendee', `mailto:${attendee.email}`);
    // RSVP=FALSE: the organizer's address is the unattended sender, so a reply would reach nobody.
    property.setParameter('rsvp', 'FALSE');
    property.setParameter('role', 'REQ-PARTICIPANT');
    property.setParameter('partstat', 'ACCEPTED');
    property.setParameter('cn', paramText(attendee.name));
  }
  calendar.addSubcomponent(vevent);
  return refold(calendar.toString());
}

/** The invite as an attachment; the METHOD is in the content type too, as iTIP mail clients expect. */
export const calendarAttachment = (event: CalendarEvent, stamp: Date): Attachment => ({
  filename: FILENAME,
  contentType: `text/calendar; charset=utf-8; method=${event.method}`,
  content: calendarText(event, stamp),
});
