/**
 * Time zones and hostile rules in busy calendars: which zone a TZID means, embedded definitions read
 * with a bound, UNTIL and EXDATE in UTC against zoned starts, and files whose rules never end.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { busyTimesFrom } from '#shared/calendars/busy-times.js';
import { ianaZoneOf } from '#shared/calendars/calendar-zones.js';
import { CalendarProblem } from '#shared/calendars/calendar-problem.js';
import { windowsZonesSource } from '../../../scripts/write-windows-zones.js';
import { calendar, event } from './ics-samples.js';

const window = (from: string, to: string, zone = 'Europe/London') => ({
  from: Date.parse(from),
  to: Date.parse(to),
  zone,
});
const iso = (intervals: { start: number; end: number }[]) =>
  intervals.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);
const july = window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z');

/** The problem code, or the busy times; and how long the read took. */
function timed(text: string, w = july): { ms: number; code?: string; busy?: string[][] } {
  const started = performance.now();
  try {
    const busy = iso(busyTimesFrom(text, w).intervals);
    return { ms: performance.now() - started, busy };
  } catch (error) {
    return {
      ms: performance.now() - started,
      code: error instanceof CalendarProblem ? error.code : `not a CalendarProblem: ${String(error)}`,
    };
  }
}

/** A definition whose STANDARD part starts in 1601 and changes the clock on every step of `freq`. */
const hostileZone = (tzid: string, freq = 'HOURLY') =>
  [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:STANDARD',
    'DTSTART:16010101T000000',
    `RRULE:FREQ=${freq}`,
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');

const withZones = (text: string, ...zones: string[]) =>
  text.replace('BEGIN:VEVENT', `${zones.join('\r\n')}\r\nBEGIN:VEVENT`);

/** London's rules as Outlook writes them, under any name. */
const londonRules = (tzid: string) =>
  [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'BEGIN:STANDARD',
    'DTSTART:16011028T020000',
    'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0000',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010325T010000',
    'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
    'TZOFFSETFROM:+0000',
    'TZOFFSETTO:+0100',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ].join('\r\n');

describe('a calendar file whose time zone definition never ends', () => {
  it('reads an event in an hourly-from-1601 zone with the IANA zone its TZID names, in well under a second', () => {
    // The 600-byte file: one VTIMEZONE, STANDARD from 1601 with FREQ=HOURLY, one event in it.
    const text = withZones(
      calendar(
        event({
          uid: 'a',
          start: 'TZID=Europe/London:20260710T090000',
          end: 'TZID=Europe/London:20260710T100000',
          extra: ['RRULE:FREQ=WEEKLY;COUNT=2'],
        }),
      ),
      hostileZone('Europe/London'),
    );
    expect(text.length).toBeLessThan(700);
    const read = timed(text);
    expect(read.busy).toEqual([
      ['2026-07-10T08:00:00.000Z', '2026-07-10T09:00:00.000Z'],
      ['2026-07-17T08:00:00.000Z', '2026-07-17T09:00:00.000Z'],
    ]);
    expect(read.ms).toBeLessThan(1000);
  });

  it.each(['HOURLY', 'MINUTELY', 'SECONDLY', 'DAILY;BYMONTH=2;BYMONTHDAY=31'])(
    'gives up on a zone with FREQ=%s since 1601 that names nothing, as too complex, in under a second',
    (freq) => {
      const text = withZones(
        calendar(
          event({ uid: 'a', start: 'TZID=Hostile Time:20260710T090000', end: 'TZID=Hostile Time:20260710T100000' }),
        ),
        hostileZone('Hostile Time', freq),
      );
      const read = timed(text);
      expect(read.code).toBe('too-complex');
      expect(read.ms).toBeLessThan(1000);
    },
  );

  it('reads a definition of its own with the clock changes it defines, when the TZID names no zone', () => {
    // Summer time from 29 March 2026: 10:00 is 10:00 UTC before, 09:00 after.
    const text = withZones(
      calendar(
        event({
          uid: 'own',
          start: 'TZID=Our office:20260327T100000',
          end: 'TZID=Our office:20260327T110000',
          extra: ['RRULE:FREQ=DAILY;COUNT=4'],
        }),
      ),
      londonRules('Our office'),
    );
    expect(timed(text, window('2026-03-01T00:00:00Z', '2026-04-30T00:00:00Z', 'Asia/Tokyo')).busy).toEqual([
      ['2026-03-27T10:00:00.000Z', '2026-03-27T11:00:00.000Z'],
      ['2026-03-28T10:00:00.000Z', '2026-03-28T11:00:00.000Z'],
      ['2026-03-29T09:00:00.000Z', '2026-03-29T10:00:00.000Z'],
      ['2026-03-30T09:00:00.000Z', '2026-03-30T10:00:00.000Z'],
    ]);
  });

  it('leaves out a definition’s absurd offsets instead of reading them', () => {
    const absurd = [
      'BEGIN:VTIMEZONE',
      'TZID:Nowhere',
      'BEGIN:STANDARD',
      'DTSTART:20000101T000000',
      'TZOFFSETFROM:+9959',
      'TZOFFSETTO:-9959',
      'END:STANDARD',
      'END:VTIMEZONE',
    ].join('\r\n');
    const text = withZones(
      calendar(event({ uid: 'a', start: 'TZID=Nowhere:20260710T090000', end: 'TZID=Nowhere:20260710T100000' })),
      absurd,
    );
    expect(timed(text, window('2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', 'UTC')).busy).toEqual([
      ['2026-07-10T09:00:00.000Z', '2026-07-10T10:00:00.000Z'],
    ]);
  });
});

describe('which zone a TZID names', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['GMT Standard Time', 'Europe/London'],
    ['/mozilla.org/20050126_1/America/New_York', 'America/New_York'],
    ['/softwarestudio.org/Tzfile/America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['(UTC+01:00) Europe/Berlin', 'Europe/Berlin'],
    ['(UTC-05:00) Eastern Standard Time', 'America/New_York'],
    ['"America/Chicago"', 'America/Chicago'],
  ])('%s is %s', (tzid, zone) => {
    expect(ianaZoneOf(tzid)).toBe(zone);
  });

  it.each(['Our office', 'Hostile Time', '(UTC+01:00) Amsterdam, Berlin, Bern, Rome', ''])('%s names none', (tzid) => {
    expect(ianaZoneOf(tzid)).toBeUndefined();
  });

  it('has CLDR’s Windows names as the installed cldr-core gives them (npm run windows-zones)', () => {
    expect(readFileSync(new URL('../../../shared/calendars/windows-zones.ts', import.meta.url), 'utf8')).toBe(
      windowsZonesSource(),
    );
  });

  it('reads Outlook’s Windows name with its IANA zone when the file defines nothing', () => {
    // Berlin is UTC+2 in July; the therapist is in London (UTC+1), so a floating reading would be an hour out.
    const text = calendar(
      event({
        uid: 'w',
        start: 'TZID=W. Europe Standard Time:20260710T090000',
        end: 'TZID=W. Europe Standard Time:20260710T100000',
      }),
    );
    expect(timed(text).busy).toEqual([['2026-07-10T07:00:00.000Z', '2026-07-10T08:00:00.000Z']]);
  });

  it('reads a vendor-prefixed TZID with the IANA zone behind the prefix, not the file’s definition', () => {
    // New York is UTC-4 in July; the file's (wrong, hostile) definition is never used.
    const tzid = '/mozilla.org/20050126_1/America/New_York';
    const text = withZones(
      calendar(event({ uid: 'm', start: `TZID=${tzid}:20260710T090000`, end: `TZID=${tzid}:20260710T100000` })),
      hostileZone(tzid, 'SECONDLY'),
    );
    const read = timed(text);
    expect(read.busy).toEqual([['2026-07-10T13:00:00.000Z', '2026-07-10T14:00:00.000Z']]);
    expect(read.ms).toBeLessThan(1000);
  });
});

describe('recurrence limits given in UTC against a zoned start', () => {
  it('keeps the last occurrence when UNTIL is that occurrence’s instant in UTC', () => {
    // Weekly Fridays 10:00 London (09:00 UTC in summer); UNTIL is the fourth one, 31 July 09:00 UTC.
    const text = calendar(
      event({
        uid: 'u',
        start: 'TZID=Europe/London:20260710T100000',
        end: 'TZID=Europe/London:20260710T110000',
        extra: ['RRULE:FREQ=WEEKLY;UNTIL=20260731T090000Z'],
      }),
    );
    expect(timed(text).busy).toEqual([
      ['2026-07-10T09:00:00.000Z', '2026-07-10T10:00:00.000Z'],
      ['2026-07-17T09:00:00.000Z', '2026-07-17T10:00:00.000Z'],
      ['2026-07-24T09:00:00.000Z', '2026-07-24T10:00:00.000Z'],
      ['2026-07-31T09:00:00.000Z', '2026-07-31T10:00:00.000Z'],
    ]);
  });

  it('stops at UNTIL in UTC east of Greenwich too, without one occurrence more', () => {
    // Daily 08:00 Tokyo (23:00 UTC the day before); UNTIL 12 July 23:00 UTC = 13 July 08:00 Tokyo.
    const text = calendar(
      event({
        uid: 't',
        start: 'TZID=Asia/Tokyo:20260710T080000',
        end: 'TZID=Asia/Tokyo:20260710T083000',
        extra: ['RRULE:FREQ=DAILY;UNTIL=20260712T230000Z'],
      }),
    );
    expect(timed(text).busy).toEqual([
      ['2026-07-09T23:00:00.000Z', '2026-07-09T23:30:00.000Z'],
      ['2026-07-10T23:00:00.000Z', '2026-07-10T23:30:00.000Z'],
      ['2026-07-11T23:00:00.000Z', '2026-07-11T23:30:00.000Z'],
      ['2026-07-12T23:00:00.000Z', '2026-07-12T23:30:00.000Z'],
    ]);
  });

  it('takes away the occurrence an EXDATE in UTC names', () => {
    const text = calendar(
      event({
        uid: 'x',
        start: 'TZID=Europe/London:20260710T100000',
        end: 'TZID=Europe/London:20260710T110000',
        extra: ['RRULE:FREQ=WEEKLY;COUNT=3', 'EXDATE:20260717T090000Z'],
      }),
    );
    expect(timed(text).busy).toEqual([
      ['2026-07-10T09:00:00.000Z', '2026-07-10T10:00:00.000Z'],
      ['2026-07-24T09:00:00.000Z', '2026-07-24T10:00:00.000Z'],
    ]);
  });
});

describe('the cost of reading', () => {
  it('reads 20,000 events with overrides in seconds, not a minute (linear in events)', () => {
    const events: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      const hour = String(8 + (i % 10)).padStart(2, '0');
      events.push(
        event({
          uid: `e${i}`,
          start: `TZID=Europe/London:202607${day}T${hour}0000`,
          end: `TZID=Europe/London:202607${day}T${hour}3000`,
        }),
      );
    }
    events.push(
      event({
        uid: 'weekly',
        start: 'TZID=Europe/London:20260106T070000',
        end: 'TZID=Europe/London:20260106T073000',
        extra: ['RRULE:FREQ=WEEKLY'],
      }),
    );
    events.push(
      event({
        uid: 'weekly',
        start: 'TZID=Europe/London:20260707T063000',
        end: 'TZID=Europe/London:20260707T070000',
        extra: ['RECURRENCE-ID;TZID=Europe/London:20260707T070000'],
      }),
    );
    const text = calendar(...events);
    expect(text.length).toBeLessThan(5 * 1024 * 1024);
    const read = timed(text);
    expect(read.code).toBeUndefined();
    expect(read.busy).toContainEqual(['2026-07-07T05:30:00.000Z', '2026-07-07T06:00:00.000Z']);
    expect(read.ms).toBeLessThan(15_000);
  });

  it('stops the worst file within its budget, under the read’s deadline', () => {
    const rules = ['FREQ=SECONDLY', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31', 'FREQ=MINUTELY;BYHOUR=9'];
    const text = withZones(
      calendar(
        ...rules.map((rule, i) =>
          event({
            uid: `h${i}`,
            start: 'TZID=Hostile Time:16010101T000000',
            end: 'TZID=Hostile Time:16010101T000001',
            extra: [`RRULE:${rule}`],
          }),
        ),
      ),
      hostileZone('Hostile Time', 'SECONDLY'),
    );
    const read = timed(text);
    expect(read.code).toMatch(/^too-(complex|many-events)$/);
    expect(read.ms).toBeLessThan(6000);
  });
});
