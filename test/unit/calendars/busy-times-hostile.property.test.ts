/**
 * Hostile calendar files, generated: time zone definitions with any rule (every second since 1601,
 * rules that can never match, absurd offsets), many events with any rule, overrides, exclusions and
 * garbage lines. Every read ends within a bounded time and gives busy times or a calendar problem;
 * it never throws anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { busyTimesFrom } from '#shared/calendars/busy-times.js';
import { CalendarProblem, calendarProblemCodes } from '#shared/calendars/calendar-problem.js';

const frequencies = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
const ruleParts = [
  '',
  ';BYMONTH=2;BYMONTHDAY=31',
  ';BYMONTH=2;BYMONTHDAY=30',
  ';BYDAY=-1SU;BYMONTH=10',
  ';BYSETPOS=-1;BYDAY=MO,TU',
  ';INTERVAL=7',
  ';COUNT=100000',
  ';UNTIL=20261231T235959Z',
  ';BYHOUR=9;BYMINUTE=0',
  ';BYYEARDAY=366',
  ';BYWEEKNO=53',
];
const rule = fc
  .tuple(fc.constantFrom(...frequencies), fc.constantFrom(...ruleParts))
  .map(([freq, part]) => `RRULE:FREQ=${freq}${part}`);
const tzids = [
  'Hostile Time',
  'Europe/London',
  '/mozilla.org/20050126_1/Europe/Paris',
  'W. Europe Standard Time',
  '(UTC+01:00) Amsterdam, Berlin',
  'GMT',
  'Nowhere',
];
const tzid = fc.oneof(
  fc.constantFrom(...tzids),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n:;"]/g, '')),
);
const year = fc.constantFrom('1601', '1900', '1970', '2025', '2026', '2099', '9999', '0001');
const offset = fc.constantFrom('+0000', '+0100', '-0500', '+0545', '+9959', '-2400', '+1400', 'garbage', '+01', '');
const stamp = fc
  .tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }))
  .map(
    ([y, m, d, h]) =>
      `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}0000`,
  );
/** Mostly lines a parser takes (unknown or broken values), now and then one it cannot. */
const garbage = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'X-JUNK:\u0000\u202e',
      'DTSTART;TZID=:',
      'EXDATE:notadate',
      'DURATION:P99999999W',
      'RDATE;VALUE=PERIOD:20260710T090000Z/PT1H',
      'RDATE:16010101T000000Z',
      'TRANSP:TRANSPARENT',
      'STATUS:CANCELLED',
      'DTEND:19991231T235959Z',
    ),
  },
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }).map((s) => `X-${'RANDOM'}:${s.replace(/[\r\n]/g, ' ')}`) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(
        ':::',
        'BEGIN:VALARM',
        'END:VTODO',
        ' folded continuation',
        'RRULE:FREQ=',
        'RRULE:FREQ=SECONDLY;BYSECOND=61',
        'RRULE:FREQ=DAILY;COUNT=x',
      ),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
    ),
  },
);

const observance = fc.record({
  kind: fc.constantFrom('STANDARD', 'DAYLIGHT'),
  start: stamp,
  rule: fc.option(rule),
  from: offset,
  to: offset,
  rdates: fc.array(stamp, { maxLength: 3 }),
});
const zone = fc.record({ tzid, observances: fc.array(observance, { minLength: 1, maxLength: 3 }) });

const when = (zones: string[]) =>
  fc.oneof(
    stamp.map((s) => `:${s}Z`),
    stamp.map((s) => `:${s}`),
    stamp.map((s) => `;VALUE=DATE:${s.slice(0, 8)}`),
    fc.tuple(fc.constantFrom(...zones, ...tzids), stamp).map(([z, s]) => `;TZID=${z}:${s}`),
    fc.string({ maxLength: 20 }).map((g) => `:${g.replace(/[\r\n]/g, ' ')}`),
  );

const anEvent = (zones: string[]) =>
  fc.record({
    uid: fc.constantFrom('a', 'b', 'c', 'd'),
    start: when(zones),
    end: fc.option(when(zones)),
    rule: fc.option(rule),
    recurrenceId: fc.option(when(zones)),
    exdate: fc.option(when(zones)),
    extra: fc.array(garbage, { maxLength: 1 }),
    copies: fc.integer({ min: 1, max: 40 }),
  });

const hostileFile = fc.array(zone, { maxLength: 3 }).chain((zones) =>
  fc
    .record({
      zones: fc.constant(zones),
      events: fc.array(anEvent(zones.map((z) => z.tzid)), { maxLength: 12 }),
      junk: fc.array(garbage, { maxLength: 1 }),
    })
    .map(({ events, junk }) => {
      const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...junk];
      for (const z of zones) {
        lines.push('BEGIN:VTIMEZONE', `TZID:${z.tzid}`);
        for (const o of z.observances)
          lines.push(
            `BEGIN:${o.kind}`,
            `DTSTART:${o.start}`,
            ...(o.rule ? [o.rule] : []),
            ...o.rdates.map((r) => `RDATE:${r}`),
            `TZOFFSETFROM:${o.from}`,
            `TZOFFSETTO:${o.to}`,
            `END:${o.kind}`,
          );
        lines.push('END:VTIMEZONE');
      }
      for (const e of events)
        for (let i = 0; i < e.copies; i++)
          lines.push(
            'BEGIN:VEVENT',
            `UID:${e.uid}`,
            `DTSTART${e.start}`,
            ...(e.end ? [`DTEND${e.end}`] : []),
            ...(e.rule ? [e.rule] : []),
            ...(e.recurrenceId ? [`RECURRENCE-ID${e.recurrenceId}`] : []),
            ...(e.exdate ? [`EXDATE${e.exdate}`] : []),
            ...e.extra,
            'END:VEVENT',
          );
      lines.push('END:VCALENDAR', '');
      return lines.join('\r\n');
    }),
);

const window = {
  from: Date.parse('2026-07-01T00:00:00Z'),
  to: Date.parse('2026-09-01T00:00:00Z'),
  zone: 'Europe/London',
};

describe('reading a hostile calendar file', () => {
  it('ends within a bounded time with busy times or a calendar problem, never anything else', () => {
    // A smaller budget than the sync's keeps the run short; the time bound scales with it.
    const budget = { maxSteps: 20_000, maxMs: 1_000 };
    fc.assert(
      fc.property(hostileFile, (text) => {
        const started = performance.now();
        try {
          const busy = busyTimesFrom(text, { ...window, ...budget });
          for (const i of busy.intervals) {
            expect(Number.isFinite(i.start) && Number.isFinite(i.end) && i.end > i.start).toBe(true);
          }
          expect(busy.intervals.every((i, n, all) => n === 0 || all[n - 1]!.end < i.start)).toBe(true);
        } catch (error) {
          if (!(error instanceof CalendarProblem)) throw error;
          expect(calendarProblemCodes).toContain(error.code);
        }
        expect(performance.now() - started).toBeLessThan(2_000);
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});
