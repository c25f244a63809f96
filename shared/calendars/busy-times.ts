/**
 * The busy times in an iCalendar file (RFC 5545), over a window: what a therapist's own calendar
 * says they cannot see clients. Pure: text in, intervals out. Only instants leave this module —
 * never a title, attendee, location or description.
 *
 * Read with ical.js (parsing, RRULE/RDATE expansion) on the events' wall clocks; turned into
 * instants here (calendar-zones.ts):
 * - UTC times (…Z) are instants already;
 * - a TZID that names an IANA zone (Google, Apple; behind a vendor prefix; Outlook's Windows names by
 *   CLDR's table) is read with luxon's IANA rules, whatever VTIMEZONE the file carries;
 * - any other TZID uses the file's VTIMEZONE, expanded with a bound;
 * - floating times, all-day dates and TZIDs nothing defines are the therapist's own wall clock (`zone`).
 * Recurrences expand in the event's own wall clock, so a weekly 10:00 London meeting stays at 10:00
 * across a clock change; an UNTIL in UTC and EXDATEs are compared as instants.
 *
 * Cost: every event is read once (overrides are matched here by UID, never by ical.js scanning the
 * siblings of each event), and every step of every recurrence and time zone spends from one budget
 * per file (read-budget.ts): running it out is too-many-events in events, too-complex in a time zone.
 *
 * What counts as busy: every event except those marked free (TRANSP:TRANSPARENT, or Outlook's
 * X-MICROSOFT-CDO-BUSYSTATUS:FREE) and cancelled ones (STATUS:CANCELLED); a tentative event blocks.
 * An instance overridden by a RECURRENCE-ID takes the override's time (a moved meeting), or no time
 * when the override is cancelled or free.
 */
import ICAL from 'ical.js';
import type { BusyInterval } from '../domain/slots/types.js';
import { CalendarProblem } from './calendar-problem.js';
import { fileClocks, wallMs, zoneClock, type WallClock } from './calendar-zones.js';
import { ReadBudget } from './read-budget.js';

type Time = InstanceType<typeof ICAL.Time>;
type Component = InstanceType<typeof ICAL.Component>;
type JCal = ConstructorParameters<typeof ICAL.Component>[0];

export interface BusyWindow {
  /** Epoch ms: busy times ending after `from` and starting before `to` are kept. */
  from: number;
  to: number;
  /** The therapist's IANA zone: all-day events and floating times are read in it. */
  zone: string;
  /** After merging; more is refused as too-many-events. */
  maxIntervals?: number;
  /** Steps over the whole file: recurrences, time zone transitions (read-budget.ts). */
  maxSteps?: number;
  /** Wall time for the whole read, beside the steps. */
  maxMs?: number;
}

export interface BusyTimes {
  /** Merged, sorted, half-open epoch-ms intervals. */
  intervals: BusyInterval[];
  /** Events read (masters and overrides), and those skipped as unreadable: counts for the log. */
  events: number;
  skipped: number;
}

export const defaultMaxIntervals = 5000;
const DAY_MS = 86_400_000;

interface EventParts {
  component: Component;
  start: Time;
  startZone?: string;
  /** Epoch ms, or for all-day events a number of days; undefined = as the master says (overrides). */
  length?: { ms: number } | { days: number };
  free: boolean;
}

/** Whatever the TZID parameter says, as ical.js does not keep it on a time it cannot resolve. */
const tzidOf = (property: InstanceType<typeof ICAL.Property> | null | undefined): string | undefined => {
  const value = property?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
};

function isFree(component: Component): boolean {
  const text = (name: string) =>
    String(component.getFirstPropertyValue(name) ?? '')
      .trim()
      .toUpperCase();
  return (
    text('status') === 'CANCELLED' || text('transp') === 'TRANSPARENT' || text('x-microsoft-cdo-busystatus') === 'FREE'
  );
}

/** Whether a VEVENT's jCal has a property, without building the component. */
const hasProperty = (jcal: JCal, name: string): boolean =>
  Array.isArray(jcal) &&
  Array.isArray(jcal[1]) &&
  (jcal[1] as unknown[]).some((p) => Array.isArray(p) && p[0] === name);

const isTime = (value: unknown): value is Time =>
  typeof value === 'object' && value !== null && 'isDate' in value && 'year' in value;

export function busyTimesFrom(text: string, window: BusyWindow): BusyTimes {
  if (!/^\uFEFF?\s*BEGIN:VCALENDAR/i.test(text.slice(0, 200))) throw new CalendarProblem('not-calendar');
  let roots: unknown[];
  try {
    const parsed: unknown = ICAL.parse(text);
    roots = Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : (parsed as unknown[]);
  } catch {
    throw new CalendarProblem('not-calendar');
  }
  if (
    !Array.isArray(roots) ||
    roots.length === 0 ||
    roots.some((r) => !Array.isArray(r) || r[0] !== 'vcalendar' || !Array.isArray(r[2]))
  )
    throw new CalendarProblem('not-calendar');

  // Each event and time zone stands alone, without the calendar as its parent: ical.js then reads a
  // TZID as a name (never expanding the file's definition on its own, without a bound), and an event
  // never looks through its siblings.
  // Events stay jCal until read, one at a time: what ical.js builds for one is garbage by the next.
  const events: JCal[] = [];
  const timezones: Component[] = [];
  for (const root of roots as unknown[][])
    for (const child of root[2] as unknown[]) {
      if (!Array.isArray(child)) continue;
      if (child[0] === 'vevent') events.push(child as JCal);
      else if (child[0] === 'vtimezone') timezones.push(new ICAL.Component(child as JCal));
    }
  const budget = new ReadBudget(window.maxSteps, window.maxMs);
  return budget.meter(() => expand(events, timezones, window, budget));
}

function expand(events: JCal[], timezones: Component[], window: BusyWindow, budget: ReadBudget): BusyTimes {
  const { from, to, zone } = window;
  const own = zoneClock(zone);
  const clockOf = fileClocks(timezones, { from, to }, budget);
  const clockFor = (tzid: string | undefined): WallClock => (tzid ? (clockOf(tzid) ?? own) : own);
  const utc = ICAL.Timezone.utcTimezone;
  const pairs: number[] = [];
  let skipped = 0;
  const add = (start: number, end: number) => {
    if (end > start && end > from && start < to) pairs.push(start, end);
  };

  /** An instant for a date-time; the therapist's midnight for a date. */
  const instant = (time: Time, tzid: string | undefined): number => {
    const fields = time.isDate
      ? { year: time.year, month: time.month, day: time.day, hour: 0, minute: 0, second: 0 }
      : time;
    const wall = wallMs(fields);
    const ms = time.isDate ? own.toInstant(wall) : time.zone === utc ? wall : clockFor(tzid).toInstant(wall);
    if (!Number.isFinite(ms)) throw new Error('A time that is no instant');
    return ms;
  };
  const endOf = (start: Time, startMs: number, length: { ms: number } | { days: number }): number =>
    'ms' in length
      ? startMs + length.ms
      : own.toInstant(
          wallMs({ year: start.year, month: start.month, day: start.day, hour: 0, minute: 0, second: 0 }) +
            length.days * DAY_MS,
        );

  function partsOf(component: Component): EventParts | undefined {
    const startProperty = component.getFirstProperty('dtstart');
    const start = startProperty?.getFirstValue();
    if (!isTime(start)) return undefined;
    const startZone = tzidOf(startProperty);
    const endProperty = component.getFirstProperty('dtend');
    const end = endProperty?.getFirstValue();
    const duration = component.getFirstPropertyValue('duration') as InstanceType<typeof ICAL.Duration> | null;
    let length: EventParts['length'];
    if (start.isDate) {
      if (isTime(end))
        length = { days: Math.max(0, Math.round((instant(end, undefined) - instant(start, undefined)) / DAY_MS)) };
      else if (duration) length = { days: Math.max(0, Math.round(duration.toSeconds() / 86_400)) };
    } else if (isTime(end)) {
      length = { ms: instant(end, tzidOf(endProperty) ?? startZone) - instant(start, startZone) };
    } else if (duration) {
      length = { ms: duration.toSeconds() * 1000 };
    }
    return {
      component,
      start,
      ...(startZone ? { startZone } : {}),
      ...(length ? { length } : {}),
      free: isFree(component),
    };
  }

  // Overrides (RECURRENCE-ID) by the instance they replace, per UID.
  const masters: JCal[] = [];
  const overrides = new Map<string, Map<number, EventParts>>();
  for (const jcal of events) {
    budget.spend();
    try {
      if (!hasProperty(jcal, 'recurrence-id')) {
        masters.push(jcal);
        continue;
      }
      const component = new ICAL.Component(jcal);
      const ridProperty = component.getFirstProperty('recurrence-id');
      const rid = ridProperty?.getFirstValue();
      const parts = isTime(rid) ? partsOf(component) : undefined;
      if (!parts || !isTime(rid)) {
        skipped++;
        continue;
      }
      const uid = String(component.getFirstPropertyValue('uid') ?? '');
      const replaced = instant(rid, tzidOf(ridProperty));
      (overrides.get(uid) ?? overrides.set(uid, new Map()).get(uid)!).set(replaced, parts);
    } catch (error) {
      if (error instanceof CalendarProblem) throw error;
      skipped++;
    }
  }

  const masterLength = new Map<string, EventParts['length']>();
  for (const jcal of masters) {
    try {
      const component = new ICAL.Component(jcal);
      const parts = partsOf(component);
      if (!parts) {
        skipped++;
        continue;
      }
      const uid = String(component.getFirstPropertyValue('uid') ?? '');
      const length = parts.length ?? (parts.start.isDate ? { days: 1 } : { ms: 0 });
      masterLength.set(uid, length);
      // Overrides are matched above; without a list of its own, ical.js would look through every sibling for them.
      const event = new ICAL.Event(component, { strictExceptions: true, exceptions: [] });
      if (!event.isRecurring()) {
        if (!parts.free) {
          const s = instant(parts.start, parts.startZone);
          add(s, endOf(parts.start, s, length));
        }
        continue;
      }
      if (parts.free) continue;
      const replacedHere = overrides.get(uid);
      const excluded = exclusions(component, parts, instant, budget);
      untilOnWallClock(component, parts, clockFor(parts.startZone));
      const occurrences = event.iterator();
      for (let next = occurrences.next(); next; next = occurrences.next()) {
        budget.spend();
        // An RDATE may be in UTC while the start is zoned.
        const s = instant(next, next.zone === utc ? undefined : parts.startZone);
        if (s >= to) break;
        if (replacedHere?.has(s) || excluded.has(s)) continue;
        add(s, endOf(next, s, length));
      }
    } catch (error) {
      if (error instanceof CalendarProblem) throw error;
      skipped++;
    }
  }

  // Each override stands on its own time (a moved instance can move into or out of the window); one
  // whose master is missing is a single event, as calendars show it.
  for (const [uid, byInstance] of overrides)
    for (const parts of byInstance.values()) {
      if (parts.free) continue;
      try {
        const length = parts.length ?? masterLength.get(uid) ?? (parts.start.isDate ? { days: 1 } : { ms: 0 });
        const s = instant(parts.start, parts.startZone);
        add(s, endOf(parts.start, s, length));
      } catch {
        skipped++;
      }
    }

  const intervals = merge(pairs);
  if (intervals.length > (window.maxIntervals ?? defaultMaxIntervals)) throw new CalendarProblem('too-many-events');
  return { intervals, events: events.length, skipped };
}

/**
 * The instants EXDATE takes away, taken off the event: ical.js would compare them with the
 * occurrences as wall-clock times, so an EXDATE in UTC against a zoned start would miss (or hit the
 * wrong hour).
 */
function exclusions(
  component: Component,
  parts: EventParts,
  instant: (time: Time, tzid: string | undefined) => number,
  budget: ReadBudget,
): Set<number> {
  const excluded = new Set<number>();
  for (const property of component.getAllProperties('exdate')) {
    const tzid = tzidOf(property) ?? parts.startZone;
    for (const value of property.getValues()) {
      budget.spend();
      if (isTime(value)) excluded.add(instant(value, tzid));
    }
  }
  component.removeAllProperties('exdate');
  return excluded;
}

/**
 * An UNTIL in UTC (as RFC 5545 asks when the start is zoned) moved onto the start's wall clock, where
 * ical.js compares it: otherwise a 10:00 London occurrence on the last day, at 09:00 UTC, would be
 * compared as 10:00 against 09:00 and dropped.
 */
function untilOnWallClock(component: Component, parts: EventParts, clock: WallClock): void {
  if (parts.start.isDate || parts.start.zone === ICAL.Timezone.utcTimezone) return;
  for (const property of component.getAllProperties('rrule')) {
    const rule = property.getFirstValue();
    if (!rule || typeof rule !== 'object' || !('until' in rule)) continue;
    const until = (rule as InstanceType<typeof ICAL.Recur>).until;
    if (!until || until.isDate || until.zone !== ICAL.Timezone.utcTimezone) continue;
    const wall = new Date(clock.toWall(wallMs(until)));
    if (!Number.isFinite(wall.getTime())) continue;
    (rule as InstanceType<typeof ICAL.Recur>).until = ICAL.Time.fromData({
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      isDate: false,
    });
    property.setValue(rule as InstanceType<typeof ICAL.Recur>);
  }
}

/** Sorted, with overlapping and touching intervals joined: fewer to store, the same time blocked. */
function merge(pairs: number[]): BusyInterval[] {
  const list: BusyInterval[] = [];
  for (let i = 0; i < pairs.length; i += 2) list.push({ start: pairs[i]!, end: pairs[i + 1]! });
  list.sort((a, b) => a.start - b.start);
  const out: BusyInterval[] = [];
  for (const b of list) {
    const last = out.at(-1);
    if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
    else out.push({ ...b });
  }
  return out;
}
