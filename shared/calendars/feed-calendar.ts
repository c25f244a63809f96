/**
 * The therapist's calendar feed as iCalendar text (RFC 5545, with RFC 7986's REFRESH-INTERVAL), written
 * by the `ics` package as the emailed invites are (shared/email/ics.ts), with two things added:
 * - `ics` hard-codes X-PUBLISHED-TTL:PT1H; calendar apps are asked to look again every 15 minutes
 *   (REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook and Apple), which is how fresh the feed can
 *   usefully be;
 * - lines are folded by octets, not characters (ics.ts refold).
 * Deterministic: the same bookings give the same bytes (DTSTAMP is when each event last changed), so
 * the ETag only moves when the feed does.
 */
import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { FeedShows } from '../domain/calendar-feed.js';
import { appointmentTitle } from '../domain/calendar-feed.js';
import type { AppointmentMode } from '../domain/practice-settings.js';
import { bookingUid, breakUid } from '../email/event-uid.js';
import { refold } from '../email/ics-folding.js';

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

const dateArray = (date: string, plusDays = 0): DateArray => {
  const d = new Date(Date.parse(`${date}T00:00:00Z`) + plusDays * 86_400_000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
};

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

function bookingEvent(b: FeedBooking, shows: FeedShows): EventAttributes {
  const requested = b.status === 'requested';
  const { location, how } = where(b.mode);
  const what = b.bookingKind === 'consultation' ? 'First appointment' : 'Appointment';
  const description = [`${what}${how ? `, ${how}` : ''}.`, ...(requested ? ['Requested: it waits for you to confirm or decline it.'] : [])].join('\n');
  const attributes: EventAttributes = {
    uid: bookingUid(b.bookingId),
    sequence: b.sequence,
    title: appointmentTitle(b.clientName, shows, requested),
    description,
    ...(location ? { location } : {}),
    start: Date.parse(b.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(b.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: requested ? 'TENTATIVE' : 'CONFIRMED',
    busyStatus: requested ? 'TENTATIVE' : 'BUSY',
    transp: 'OPAQUE',
    // A calendar shared with someone else shows them the time as busy, not the title.
    classification: 'PRIVATE',
  };
  // `timestamp` (DTSTAMP) is read by `ics` but missing from its types (as in shared/email/ics.ts).
  return Object.assign(attributes, { timestamp: Date.parse(b.updatedAt) });
}

function breakEvent(b: FeedBreak): EventAttributes {
  const attributes: EventAttributes = {
    uid: breakUid(b.breakId),
    title: 'Break',
    description: 'Your break: no appointments are offered on these days.',
    // All-day: DATE values, the end the day after the last (RFC 5545 3.6.1).
    start: dateArray(b.start),
    end: dateArray(b.end, 1),
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    transp: 'OPAQUE',
  };
  return Object.assign(attributes, { timestamp: Date.parse(b.createdAt) });
}

export function feedCalendarText(entries: readonly FeedEntry[], shows: FeedShows): string {
  const events = entries.map((e) => (e.kind === 'booking' ? bookingEvent(e, shows) : breakEvent(e)));
  const { error, value } = createEvents(events, { productId: PRODUCT_ID, calName: CALENDAR_NAME });
  if (error || !value) throw new Error(`Calendar feed not written: ${error?.name ?? 'no output'}`);
  const ttl = `PT${feedRefreshMinutes}M`;
  const withRefresh = value.replace(/^X-PUBLISHED-TTL:[^\r\n]*\r\n/m, `REFRESH-INTERVAL;VALUE=DURATION:${ttl}\r\nX-PUBLISHED-TTL:${ttl}\r\n`);
  return refold(withRefresh);
}
