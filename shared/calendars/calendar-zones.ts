/**
 * What a TZID in a calendar file means, as a way to turn wall-clock times into instants.
 *
 * An IANA zone whenever the TZID names one, read with luxon's rules (the runtime's, kept current):
 * - the IANA name itself (Google, Apple);
 * - behind a vendor's prefix: `/mozilla.org/20050126_1/Europe/London`, `(UTC+01:00) Europe/Berlin`;
 * - Outlook's Windows names ("GMT Standard Time"), by CLDR's table (windows-zones.ts).
 * Only a TZID that names no zone falls back on the file's own VTIMEZONE, expanded here between two
 * bounds (a year either side of the window) and metered by the read's budget: a definition whose
 * rules fire every hour since 1601 runs the budget out (too-complex) instead of the function. ical.js
 * is never given these definitions (its own expansion has no bound).
 */
import type ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { CalendarProblem } from './calendar-problem.js';
import type { BudgetPart, ReadBudget } from './read-budget.js';
import { windowsZones } from './windows-zones.js';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

const YEAR_MS = 366 * 86_400_000;
/**
 * Steps all of a file's own definitions may take: a real one takes a few dozen (a rule a year, or a
 * list of past changes), one with an hourly rule since 1601 would take millions.
 */
export const maxZoneSteps = 10_000;
/** Real offsets lie within ±14 hours; anything past 18 is not a clock. */
const maxOffsetMs = 18 * 3_600_000;

/** Wall-clock fields, as a number: the instant they would be in UTC. Years below 100 stay themselves. */
export function wallMs(t: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}): number {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute, t.second, 0);
  return d.getTime();
}

export interface WallClock {
  /** The instant a wall-clock time (as wallMs) is. */
  toInstant(wall: number): number;
  /** The wall-clock time (as wallMs) of an instant. */
  toWall(instant: number): number;
}

const HOUR_MS = 3_600_000;

/** The clock of a zone given its offset (ms) at an instant: wall-clock times to instants and back. */
function clockOf(offsetAt: (instant: number) => number): WallClock {
  return {
    toInstant(wall) {
      const guess = offsetAt(wall);
      const first = offsetAt(wall - guess);
      if (first === guess) return wall - guess;
      const second = offsetAt(wall - first);
      if (second === first) return wall - first;
      // A wall-clock time the clocks skipped: read with the offset before the change, as luxon does.
      return wall - Math.min(guess, first);
    },
    toWall: (instant) => instant + offsetAt(instant),
  };
}

/**
 * An IANA zone's clock, by luxon's rules. Asking Intl for an offset is slow (tens of µs), and a file
 * asks for every occurrence, so offsets are kept by the hour: an hour whose two ends agree has one
 * offset throughout (no zone changes its clocks twice within an hour).
 */
function ianaClock(name: string): WallClock {
  const zone = IANAZone.create(name);
  const exact = (instant: number) => zone.offset(instant) * 60_000;
  const hours = new Map<number, number>();
  return clockOf((instant) => {
    const hour = Math.floor(instant / HOUR_MS);
    let offset = hours.get(hour);
    if (offset === undefined) {
      const start = exact(hour * HOUR_MS);
      offset = start === exact((hour + 1) * HOUR_MS) ? start : Number.NaN;
      if (hours.size < 100_000) hours.set(hour, offset);
    }
    return Number.isNaN(offset) ? exact(instant) : offset;
  });
}

const isZone = (name: string): boolean => name.length > 0 && name.length < 64 && IANAZone.isValidZone(name);

/** The IANA zone a TZID names, if it names one. */
export function ianaZoneOf(tzid: string): string | undefined {
  const name = tzid.trim().replace(/^"|"$/g, '');
  if (isZone(name)) return IANAZone.create(name).name;
  const windows = windowsZones[name];
  if (windows) return windows;
  // "(UTC+01:00) Europe/Berlin", "(GMT) GMT Standard Time"
  const rest = name.replace(/^\((?:UTC|GMT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\)\s*/i, '');
  if (rest !== name) {
    if (isZone(rest)) return IANAZone.create(rest).name;
    if (windowsZones[rest]) return windowsZones[rest];
  }
  // "/mozilla.org/20050126_1/Europe/London", "/softwarestudio.org/Tzfile/America/Argentina/Buenos_Aires"
  const parts = name.split('/').filter(Boolean);
  for (let n = Math.min(3, parts.length); n >= 2; n--) {
    const tail = parts.slice(-n).join('/');
    if (isZone(tail)) return IANAZone.create(tail).name;
  }
  // A zone named somewhere in a longer label.
  for (const match of name.matchAll(/[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2}/g))
    if (isZone(match[0])) return IANAZone.create(match[0]).name;
  return undefined;
}

export interface Bounds {
  /** Epoch ms: transitions between these are kept; an instant outside them is read with the nearest offset kept. */
  from: number;
  to: number;
}

interface Transition {
  at: number;
  offset: number;
}

/**
 * A file's own VTIMEZONE, expanded on first use between the bounds (a year either side), every
 * observance step spent from the budget as too-complex.
 */
function definedClock(zone: Component, bounds: Bounds, budget: ReadBudget, part: BudgetPart): WallClock {
  let transitions: Transition[] | undefined;
  let initial = 0;

  const expand = () =>
    budget.as(
      'too-complex',
      () => {
        const lo = bounds.from - YEAR_MS;
        const hi = bounds.to + YEAR_MS;
        const kept: Transition[] = [];
        let before: Transition | undefined;
        let earliest: { at: number; from: number } | undefined;
        const note = (wall: number, from: number, to: number) => {
          const at = wall - from;
          if (!earliest || at < earliest.at) earliest = { at, from };
          if (at < lo) {
            if (!before || at > before.at) before = { at, offset: to };
          } else if (at <= hi) kept.push({ at, offset: to });
        };
        for (const observance of zone.getAllSubcomponents()) {
          if (observance.name !== 'standard' && observance.name !== 'daylight') continue;
          budget.spend();
          try {
            const start = observance.getFirstPropertyValue('dtstart') as Time | null;
            const from = offsetMs(observance, 'tzoffsetfrom');
            const to = offsetMs(observance, 'tzoffsetto');
            if (!start || typeof start !== 'object' || !('isDate' in start) || from === undefined || to === undefined)
              continue;
            note(wallMs(start), from, to);
            for (const rdate of observance.getAllProperties('rdate'))
              for (const value of rdate.getValues()) {
                budget.spend();
                const time =
                  value && typeof value === 'object' && 'start' in value
                    ? (value as { start: Time }).start
                    : (value as Time);
                if (time && typeof time === 'object' && 'year' in time) note(wallMs(time), from, to);
              }
            const rule = observance.getFirstPropertyValue('rrule') as InstanceType<typeof ICAL.Recur> | null;
            if (!rule || typeof rule !== 'object' || !('freq' in rule)) continue;
            const occurrences = rule.iterator(yearlyFrom(rule, start, lo));
            for (let next = occurrences.next(); next; next = occurrences.next()) {
              budget.spend();
              const wall = wallMs(next);
              if (wall - from > hi) break;
              note(wall, from, to);
            }
          } catch (error) {
            if (error instanceof CalendarProblem) throw error;
            // An observance that cannot be read is left out; the others still say something.
          }
        }
        kept.sort((a, b) => a.at - b.at);
        initial = before?.offset ?? earliest?.from ?? 0;
        transitions = kept;
      },
      part,
    );

  const offsetAt = (instant: number): number => {
    if (!transitions) budget.meter(expand);
    const list = transitions!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.at <= instant) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? initial : list[lo - 1]!.offset;
  };

  return clockOf(offsetAt);
}

/**
 * A yearly rule (every time zone's clock changes) started again the year before the bounds: the same
 * changes from then on, without stepping through every year since 1601. Not for COUNT (it numbers
 * from the real start), intervals or 29 February (a year moved onto may not have one).
 */
function yearlyFrom(rule: InstanceType<typeof ICAL.Recur>, start: Time, lo: number): Time {
  const year = new Date(lo).getUTCFullYear() - 1;
  if (
    rule.freq !== 'YEARLY' ||
    rule.count ||
    (rule.interval ?? 1) !== 1 ||
    start.year >= year ||
    (start.month === 2 && start.day === 29)
  )
    return start;
  const moved = start.clone();
  moved.year = year;
  return moved;
}

function offsetMs(observance: Component, name: string): number | undefined {
  // Read from the text: ical.js folds an offset such as +9959 into a plausible one.
  const raw = observance.getFirstProperty(name)?.toJSON()[3];
  const m = typeof raw === 'string' ? /^([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?$/.exec(raw.trim()) : null;
  if (!m) return undefined;
  const ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000 * (m[1] === '-' ? -1 : 1);
  return Math.abs(ms) <= maxOffsetMs && Number(m[3]) < 60 ? ms : undefined;
}

/** The clocks of one file: by TZID, resolved once each; undefined for a TZID that names nothing the file defines either. */
export function fileClocks(
  timezones: Component[],
  bounds: Bounds,
  budget: ReadBudget,
): (tzid: string) => WallClock | undefined {
  const defined = new Map<string, Component>();
  for (const zone of timezones) {
    const tzid = zone.getFirstPropertyValue('tzid');
    if (typeof tzid === 'string' && !defined.has(tzid)) defined.set(tzid, zone);
  }
  const clocks = new Map<string, WallClock | undefined>();
  const part: BudgetPart = { spent: 0, max: maxZoneSteps };
  return (tzid) => {
    if (clocks.has(tzid)) return clocks.get(tzid);
    const iana = ianaZoneOf(tzid);
    const zone = defined.get(tzid);
    const clock = iana ? ianaClock(iana) : zone ? definedClock(zone, bounds, budget, part) : undefined;
    clocks.set(tzid, clock);
    return clock;
  };
}

export const zoneClock = ianaClock;
