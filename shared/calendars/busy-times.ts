/**
 * The busy times in an iCalendar file (RFC 5545), over a window: what a therapist's own calendar
 * says they cannot see clients. Pure: text in, intervals out. Only instants leave this module —
 * never a title, attendee, location or description.
 *
 * Read with ical.js (parsing, RRULE/RDATE/EXDATE expansion, VTIMEZONE definitions); turned into
 * instants here, because ical.js treats a TZID it has no VTIMEZONE for as floating:
 * - UTC times (…Z) are instants already;
 * - a TZID that is an IANA name is read with luxon's IANA rules (Google and Apple use IANA names);
 * - any other TZID uses the file's VTIMEZONE (Outlook's "GMT Standard Time" and the like);
 * - floating times and all-day dates are the therapist's own wall clock (`zone`).
 * Recurrences expand in the event's own wall clock, so a weekly 10:00 London meeting stays at 10:00
 * across a clock change.
 *
 * What counts as busy: every event except those marked free (TRANSP:TRANSPARENT, or Outlook's
 * X-MICROSOFT-CDO-BUSYSTATUS:FREE) and cancelled ones (STATUS:CANCELLED); a tentative event blocks.
 * An instance overridden by a RECURRENCE-ID takes the override's time (a moved meeting), or no time
 * when the override is cancelled or free.
 */
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { BusyInterval } from '../domain/slots/types.js';
import { CalendarProblem } from './calendar-problem.js';

type Time = InstanceType<typeof ICAL.Time>;
type Component = InstanceType<typeof ICAL.Component>;

export interface BusyWindow {
  /** Epoch ms: busy times ending after `from` and starting before `to` are kept. */
  from: number;
  to: number;
  /** The therapist's IANA zone: all-day events and floating times are read in it. */
  zone: string;
  /** After merging; more is refused as too-many-events. */
  maxIntervals?: number;
  /** Recurrence steps over the whole file (a minutely rule since 1990 must not take the function down). */
  maxSteps?: number;
}

export interface BusyTimes {
  /** Merged, sorted, half-open epoch-ms intervals. */
  intervals: BusyInterval[];
  /** Events read (masters and overrides), and those skipped as unreadable: counts for the log. */
  events: number;
  skipped: number;
}

export const defaultMaxIntervals = 5000;
const defaultMaxSteps = 200_000;

interface EventParts {
  component: Component;
  start: Time;
  startZone?: string;
  /** Epoch ms, or for all-day events a number of days; undefined = as the master says (overrides). */
  length?: { ms: number } | { days: number };
  free: boolean;
}

/** Whatever the TZID parameter says, as ical.js does not keep it on a time it cannot resolve. */
const tzidOf = (component: Component, name: string): string | undefined => {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
};

function isFree(component: Component): boolean {
  const text = (name: string) => String(component.getFirstPropertyValue(name) ?? '').trim().toUpperCase();
  return text('status') === 'CANCELLED' || text('transp') === 'TRANSPARENT' || text('x-microsoft-cdo-busystatus') === 'FREE';
}

export function busyTimesFrom(text: string, window: BusyWindow): BusyTimes {
  if (!/^\uFEFF?\s*BEGIN:VCALENDAR/i.test(text.slice(0, 200))) throw new CalendarProblem('not-calendar');
  let roots: Component[];
  try {
    const parsed: unknown = ICAL.parse(text);
    const list = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : parsed) as unknown[];
    roots = list.map((jcal) => new ICAL.Component(jcal as ConstructorParameters<typeof ICAL.Component>[0]));
  } catch {
    throw new CalendarProblem('not-calendar');
  }
  if (roots.length === 0 || roots.some((r) => r.name !== 'vcalendar')) throw new CalendarProblem('not-calendar');

  // The time zone service is global to ical.js: this file's zones are registered only while it is read
  // (synchronously: no other file is read meanwhile), and never under UTC's own names.
  ICAL.TimezoneService.reset();
  try {
    for (const root of roots)
      for (const zone of root.getAllSubcomponents('vtimezone')) {
        const tzid = String(zone.getFirstPropertyValue('tzid') ?? '');
        if (tzid && !['UTC', 'Z', 'GMT'].includes(tzid.toUpperCase())) ICAL.TimezoneService.register(new ICAL.Timezone(zone), tzid);
      }
    return expand(roots.flatMap((r) => r.getAllSubcomponents('vevent')), window);
  } finally {
    ICAL.TimezoneService.reset();
  }
}

function expand(events: Component[], window: BusyWindow): BusyTimes {
  const { from, to, zone } = window;
  const maxSteps = window.maxSteps ?? defaultMaxSteps;
  const pairs: number[] = [];
  let steps = 0;
  let skipped = 0;
  const add = (start: number, end: number) => {
    if (end > start && end > from && start < to) pairs.push(start, end);
  };

  /** An instant for a date-time; the therapist's midnight for a date. */
  const instant = (time: Time, tzid: string | undefined): number => {
    const fields = { year: time.year, month: time.month, day: time.day, hour: time.isDate ? 0 : time.hour, minute: time.isDate ? 0 : time.minute, second: time.isDate ? 0 : time.second };
    if (time.isDate) return DateTime.fromObject(fields, { zone }).toMillis();
    if (time.zone === ICAL.Timezone.utcTimezone) return time.toUnixTime() * 1000;
    if (tzid && IANAZone.isValidZone(tzid)) return DateTime.fromObject(fields, { zone: tzid }).toMillis();
    if (time.zone && time.zone !== ICAL.Timezone.localTimezone) return time.toUnixTime() * 1000;
    return DateTime.fromObject(fields, { zone }).toMillis();
  };
  const endOf = (start: Time, startMs: number, length: { ms: number } | { days: number }): number =>
    'ms' in length ? startMs + length.ms : DateTime.fromObject({ year: start.year, month: start.month, day: start.day }, { zone }).plus({ days: length.days }).toMillis();

  function partsOf(component: Component): EventParts | undefined {
    const start = component.getFirstPropertyValue('dtstart') as Time | null;
    if (!start || typeof start !== 'object' || !('isDate' in start)) return undefined;
    const startZone = tzidOf(component, 'dtstart');
    const end = component.getFirstPropertyValue('dtend') as Time | null;
    const duration = component.getFirstPropertyValue('duration') as InstanceType<typeof ICAL.Duration> | null;
    let length: EventParts['length'];
    if (start.isDate) {
      if (end && typeof end === 'object' && 'isDate' in end) length = { days: Math.max(0, Math.round((instant(end, undefined) - instant(start, undefined)) / 86_400_000)) };
      else if (duration) length = { days: Math.max(0, Math.round(duration.toSeconds() / 86_400)) };
    } else if (end && typeof end === 'object' && 'isDate' in end) {
      length = { ms: instant(end, tzidOf(component, 'dtend') ?? startZone) - instant(start, startZone) };
    } else if (duration) {
      length = { ms: duration.toSeconds() * 1000 };
    }
    return { component, start, ...(startZone ? { startZone } : {}), ...(length ? { length } : {}), free: isFree(component) };
  }

  // Overrides (RECURRENCE-ID) by the instance they replace, per UID.
  const masters: Component[] = [];
  const overrides = new Map<string, Map<number, EventParts>>();
  for (const component of events) {
    try {
      const rid = component.getFirstPropertyValue('recurrence-id') as Time | null;
      if (!rid) {
        masters.push(component);
        continue;
      }
      const parts = partsOf(component);
      if (!parts) {
        skipped++;
        continue;
      }
      const uid = String(component.getFirstPropertyValue('uid') ?? '');
      const replaced = instant(rid, tzidOf(component, 'recurrence-id'));
      (overrides.get(uid) ?? overrides.set(uid, new Map()).get(uid)!).set(replaced, parts);
    } catch {
      skipped++;
    }
  }

  const masterLength = new Map<string, EventParts['length']>();
  for (const component of masters) {
    try {
      const parts = partsOf(component);
      if (!parts) {
        skipped++;
        continue;
      }
      const uid = String(component.getFirstPropertyValue('uid') ?? '');
      const length = parts.length ?? (parts.start.isDate ? { days: 1 } : { ms: 0 });
      masterLength.set(uid, length);
      const replacedHere = overrides.get(uid);
      const event = new ICAL.Event(component);
      if (!event.isRecurring()) {
        if (!parts.free) {
          const s = instant(parts.start, parts.startZone);
          add(s, endOf(parts.start, s, length));
        }
        continue;
      }
      const occurrences = event.iterator();
      for (let next = occurrences.next(); next; next = occurrences.next()) {
        if (++steps > maxSteps) throw new CalendarProblem('too-many-events');
        const s = instant(next, parts.startZone);
        if (s >= to) break;
        if (parts.free || replacedHere?.has(s)) continue;
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
      const length = parts.length ?? masterLength.get(uid) ?? (parts.start.isDate ? { days: 1 } : { ms: 0 });
      const s = instant(parts.start, parts.startZone);
      add(s, endOf(parts.start, s, length));
    }

  const intervals = merge(pairs);
  if (intervals.length > (window.maxIntervals ?? defaultMaxIntervals)) throw new CalendarProblem('too-many-events');
  return { intervals, events: events.length, skipped };
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
