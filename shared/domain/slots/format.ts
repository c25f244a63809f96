/** Presentation of instants in a reader's zone. */
import { MINUTE_MS } from './local-time.js';
import type { Slot } from './types.js';
import { ZoneClock } from './zone.js';

/**
 * ISO 8601 with the zone's numeric offset at that instant, seconds included, no milliseconds:
 * "2026-03-29T10:00:00+01:00". UTC is written "+00:00" (never "Z") so every string has the same shape.
 * Formatting never changes the instants: only how they read. Only IANA names are zones here (not
 * "local" or "system"); an unknown one is a RangeError.
 */
export function formatSlot(slot: Slot, timeZone: string): { start: string; end: string } {
  const clock = ZoneClock.of(timeZone);
  return { start: formatInstant(slot.start, clock), end: formatInstant(slot.end, clock) };
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * The wall clock is the instant plus its offset, read as UTC (four-digit years: 0000 to 9999). One
 * remembered offset per instant (zone.ts) instead of luxon's DateTime and format parser, which were
 * most of a slot list's CPU.
 */
function formatInstant(ms: number, clock: ZoneClock): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Cannot format instant ${String(ms)}`);
  const offset = clock.offsetMs(ms);
  const minutes = Math.trunc(Math.abs(offset) / MINUTE_MS);
  return `${new Date(ms + offset).toISOString().slice(0, 19)}${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}
