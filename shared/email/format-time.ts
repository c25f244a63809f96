/**
 * Times as a person reads them: always in the reader's own zone, and always saying which zone
 * that is ("Tuesday 4 March, 10:00 (London time)"), because a client abroad and a therapist at home
 * must never guess. Inputs are ISO strings (instants with an offset, or plain dates) and IANA zones.
 */
import { DateTime, IANAZone } from 'luxon';

const locale = 'en-GB';

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

function inZone(iso: string, zone: string): DateTime {
  if (!isTimeZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  // An instant keeps its moment and is shown in `zone`; a plain date is taken as that day in `zone`.
  const dt = DateTime.fromISO(iso, { zone, locale });
  if (!dt.isValid) throw new RangeError(`Not an ISO date or time: ${iso}`);
  return dt;
}

/**
 * "London time" for Europe/London, "Buenos Aires time" for America/Argentina/Buenos_Aires. People
 * know their zone by its city; zones without one (UTC, Etc/GMT-3) are named by their offset instead.
 */
export function zoneLabel(zone: string, at: DateTime = DateTime.now()): string {
  if (!isTimeZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  const parts = zone.split('/');
  const city = parts.length > 1 && parts[0] !== 'Etc' ? parts[parts.length - 1]!.replace(/_/g, ' ') : undefined;
  if (city) return `${city} time`;
  const offset = at.setZone(zone);
  return offset.offset === 0 ? 'UTC' : offset.toFormat("'UTC'ZZ");
}

/** "Tuesday 4 March, 10:00 (London time)" */
export function formatDateTime(iso: string, zone: string): string {
  const dt = inZone(iso, zone);
  return `${dt.toFormat('cccc d LLLL, HH:mm')} (${zoneLabel(zone, dt)})`;
}

/** "Friday 28 November" — for days, where the hour would be false precision. */
export function formatDay(iso: string, zone: string): string {
  return inZone(iso, zone).toFormat('cccc d LLLL');
}

/** "by Friday 28 November" */
export const formatBy = (iso: string, zone: string): string => `by ${formatDay(iso, zone)}`;
