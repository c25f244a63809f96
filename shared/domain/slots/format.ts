/** Presentation of instants in a reader's zone. */
import { DateTime, IANAZone } from 'luxon';
import type { Slot } from './types.js';

/**
 * ISO 8601 with the zone's numeric offset at that instant, seconds included, no milliseconds:
 * "2026-03-29T10:00:00+01:00". UTC is written "+00:00" (never "Z") so every string has the same shape.
 * Formatting never changes the instants: only how they read.
 */
export function formatSlot(slot: Slot, timeZone: string): { start: string; end: string } {
  // Only IANA names: luxon would also read "local"/"system" as the machine's zone. create() is cached.
  const zone = typeof timeZone === 'string' && timeZone !== '' ? IANAZone.create(timeZone) : null;
  if (zone === null || !zone.isValid) throw new RangeError(`Unknown time zone "${String(timeZone)}"`);
  return { start: formatInstant(slot.start, zone), end: formatInstant(slot.end, zone) };
}

function formatInstant(ms: number, zone: IANAZone): string {
  const dt = DateTime.fromMillis(ms, { zone });
  if (!dt.isValid) throw new RangeError(`Cannot format instant ${String(ms)}`);
  return dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
