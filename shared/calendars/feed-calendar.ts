/**
 * The therapist's calendar feed as iCalendar text (RFC 5545, with RFC 7986's NAME and
 * REFRESH-INTERVAL), written with ical.js as the emailed invites are (shared/email/ics.ts). Calendar
 * apps are asked to look again every 15 minutes (REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook
 * and Apple), which is how fresh the feed can usefully be; lines are folded by octets
 * (ics-folding.ts).
 * Deterministic: the same bookings give the same bytes (DTSTAMP is when each event last changed), so
 * the ETag only moves when the feed does.
 */
import ICAL from 'ical.js';
import type { FeedShows } from '../domain/calendar-feed.js';
import { appointmentTitle } from '../domain/calendar-feed.js';
import { MeetingName } from '../domain/vocabulary.js';
import type { AppointmentMode } from '../domain/practice-settings.js';
import { bookingUid, breakUid } from '../email/event-uid.js';
import { refold, textValue } from '../email/ics-folding.js';

const PRODUCT_ID = '-//Threshold//Calendar feed//EN';
const CALENDAR_NAME = 'Appointments (Threshold)';
export const feedRefreshMinutes = 15;

export interface FeedBooking {
  kind: 'booking';
  bookingId: string;
  status: 'requested' | 'confirmed';
  bookingKind: 'consultation' | 'session';
  clientName: string;
  start: string;
  end: string;
  sequence: number;
  mode?: AppointmentMode;
  updatedAt: string;
}

export interface FeedBreak {
  kind: 'break';
  breakId: string;
  /** Therapist-local dates, both inclusive. */
  start: string;
  end: string;
  createdAt: string;
}

export type FeedEntry = FeedBooking | FeedBreak;

type Component = InstanceType<typeof ICAL.Component>;

const utc = (iso: string) => ICAL.Time.fromJSDate(new Date(iso), true);

/** A therapist-local date as an iCalendar DATE, `plusDays` later. */
function day(date: string, plusDays = 0) {
  const time = ICAL.Time.fromDateString(date);
  time.adjust(plusDays, 0, 0, 0);
  return time;
}

function where(mode: AppointmentMode | undefined): { location?: string; how: string } {
  switch (mode?.kind) {
    case 'video':
      return mode.link ? { location: mode.link, how: 'by video' } : { location: 'Video call', how: 'by video' };
    case 'phone':
      return { location: 'Phone call', how: 'by phone' };
    case 'in-person':
      return { location: mode.address, how: 'in person' };
    default:
      return { how: '' };
  }
}

function bookingEvent(b: FeedBooking, shows: FeedShows): Component {
  const requested = b.status === 'requested';
  const { location, how } = where(b.mode);
  const what = MeetingName(b.bookingKind);
  const description = [
    `${what}${how ? `, ${how}` : ''}.`,
    ...(requested ? ['Requested: it waits for you to confirm or decline it.'] : []),
  ].join('\n');
  const event = new ICAL.Component('vevent');
  event.addPropertyWithValue('uid', bookingUid(b.bookingId));
  event.addPropertyWithValue('summary', appointmentTitle(b.clientName, shows, requested));
  event.addPropertyWithValue('dtstamp', utc(b.updatedAt));
  event.addPropertyWithValue('dtstart', utc(b.start));
  event.addPropertyWithValue('dtend', utc(b.end));
  event.addPropertyWithValue('sequence', b.sequence);
  event.addPropertyWithValue('description', description);
  if (location) event.addPropertyWithValue('location', textValue(location));
  event.addPropertyWithValue('status', requested ? 'TENTATIVE' : 'CONFIRMED');
  event.addPropertyWithValue('x-microsoft-cdo-busystatus', requested ? 'TENTATIVE' : 'BUSY');
  event.addPropertyWithValue('transp', 'OPAQUE');
  // A calendar shared with someone else shows them the time as busy, not the title.
  event.addPropertyWithValue('class', 'PRIVATE');
  return event;
}

function breakEvent(b: FeedBreak): Component {
  const event = new ICAL.Component('vevent');
  event.addPropertyWithValue('uid', breakUid(b.breakId));
  event.addPropertyWithValue('summary', 'Break');
  event.addPropertyWithValue('dtstamp', utc(b.createdAt));
  // All-day: DATE values, the end the day after the last (RFC 5545 3.6.1).
  event.addPropertyWithValue('dtstart', day(b.start));
  event.addPropertyWithValue('dtend', day(b.end, 1));
  event.addPropertyWithValue('description', 'Your break: no appointments are offered on these days.');
  event.addPropertyWithValue('status', 'CONFIRMED');
  event.addPropertyWithValue('x-microsoft-cdo-busystatus', 'BUSY');
  event.addPropertyWithValue('transp', 'OPAQUE');
  return event;
}

export function feedCalendarText(entries: readonly FeedEntry[], shows: FeedShows): string {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  calendar.addPropertyWithValue('prodid', PRODUCT_ID);
  calendar.addPropertyWithValue('method', 'PUBLISH');
  // NAME is the standard (RFC 7986); X-WR-CALNAME is the name Apple, Google and Outlook read.
  calendar.addPropertyWithValue('x-wr-calname', CALENDAR_NAME);
  calendar.addPropertyWithValue('name', CALENDAR_NAME);
  const every = `PT${feedRefreshMinutes}M`;
  // A DURATION value, so ical.js writes the VALUE=DURATION that RFC 7986 requires here.
  calendar.addPropertyWithValue('refresh-interval', ICAL.Duration.fromString(every));
  calendar.addPropertyWithValue('x-published-ttl', every);
  for (const entry of entries)
    calendar.addSubcomponent(entry.kind === 'booking' ? bookingEvent(entry, shows) : breakEvent(entry));
  return refold(calendar.toString());
}
