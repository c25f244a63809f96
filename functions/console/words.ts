/** How the console says times and states: in the therapist's zone, with the zone named, in plain words. */
import { DateTime } from 'luxon';
import { formatDateTime, formatDay, zoneLabel } from '#shared/email/format-time.js';

export { formatDateTime as when, formatDay as day, zoneLabel };
/** "Tuesday 4 March, 10:00 to 10:50 (London time)", as the booking pages say it. */
export { whenRange } from '#shared/http/pages/appointment-words.js';

/** "10:00 to 10:50" in `zone`. */
export function timeRange(start: string, end: string, zone: string): string {
  const s = DateTime.fromISO(start, { zone });
  const e = DateTime.fromISO(end, { zone });
  return `${s.toFormat('HH:mm')} to ${e.toFormat('HH:mm')}`;
}

/** "4 March 2026" for a plain date. */
export const dateInWords = (date: string): string =>
  DateTime.fromISO(date, { locale: 'en-GB' }).toFormat('cccc d LLLL yyyy');

export const appointmentWord = (kind: 'consultation' | 'session'): string =>
  kind === 'consultation' ? 'First consultation' : 'Session';

/** "3 days", "5 weeks", "4 months": how long, the way people say it. */
export function duration(days: number): string {
  if (days < 14) return `${days} day${days === 1 ? '' : 's'}`;
  if (days < 60) return `${Math.round(days / 7)} weeks`;
  const months = Math.round(days / 30.4);
  return `${months} month${months === 1 ? '' : 's'}`;
}

/** Where a client stands now, in the words the clients page uses for its groups. */
export const clientStanding = (status: 'active' | 'paused' | 'ended'): string =>
  status === 'active' ? 'An active client: seeing you now' : status === 'paused' ? 'On a break' : 'Work has ended';

/** "just now", "4 minutes ago", "3 hours ago", "2 days ago": how long since `at`. */
export function ago(at: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
