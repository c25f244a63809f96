/** Weekly hours and override schemas: field paths, messages, and agreement with the slot engine. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule } from '#shared/domain/slots/schedule.js';
import { validateWeeklyHours } from '#shared/domain/slots/validate.js';
import {
  dateOverrideSchema,
  longestBookableMinutes,
  maxIntervalsPerDay,
  weeklyFit,
  weeklyHoursSchema,
} from '#shared/domain/weekly-hours-schema.js';
import { fieldErrors } from '#shared/http/problem.js';

const issues = (input: unknown) => {
  const r = weeklyHoursSchema.safeParse(input);
  return r.success ? [] : fieldErrors(r.error);
};

describe('weekly hours schema', () => {
  it('accepts split days, 24:00 ends, empty days and left-out days', () => {
    const hours = {
      timeZone: 'America/New_York',
      weekly: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '12:00', end: '17:00' },
        ],
        tue: [],
        sun: [{ start: '20:00', end: '24:00' }],
      },
    };
    expect(weeklyHoursSchema.parse(hours)).toEqual(hours);
  });

  it.each([
    [{ timeZone: 'Nowhere/Special', weekly: {} }, 'timeZone'],
    [{ timeZone: 'local', weekly: {} }, 'timeZone'],
    [{ timeZone: '', weekly: {} }, 'timeZone'],
    [{ weekly: {} }, 'timeZone'],
    [{ timeZone: 'Europe/London' }, 'weekly'],
    [{ timeZone: 'Europe/London', weekly: [] }, 'weekly'],
    [{ timeZone: 'Europe/London', weekly: { monday: [] } }, 'weekly.monday'],
    [{ timeZone: 'Europe/London', weekly: { mon: 'all day' } }, 'weekly.mon'],
    [{ timeZone: 'Europe/London', weekly: { mon: [{ start: '9:00', end: '17:00' }] } }, 'weekly.mon.0.start'],
    [{ timeZone: 'Europe/London', weekly: { mon: [{ start: '09:00', end: '24:01' }] } }, 'weekly.mon.0.end'],
    [{ timeZone: 'Europe/London', weekly: { mon: [{ start: '24:00', end: '24:00' }] } }, 'weekly.mon.0.start'],
    [{ timeZone: 'Europe/London', weekly: { mon: [{ start: 900, end: '17:00' }] } }, 'weekly.mon.0.start'],
    [{ timeZone: 'Europe/London', weekly: { mon: [{ start: '09:00' }] } }, 'weekly.mon.0.end'],
    [
      { timeZone: 'Europe/London', weekly: { mon: [{ start: '09:00', end: '10:00', note: 'x' }] } },
      'weekly.mon.0.note',
    ],
    [{ timeZone: 'Europe/London', weekly: { tue: [{ start: '10:00', end: '10:00' }] } }, 'weekly.tue.0.end'],
    [
      {
        timeZone: 'Europe/London',
        weekly: {
          wed: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '13:30' },
          ],
        },
      },
      'weekly.wed.1.start',
    ],
    [
      {
        timeZone: 'Europe/London',
        weekly: {
          fri: Array.from({ length: maxIntervalsPerDay + 1 }, (_, i) => ({
            start: `${10 + i}:00`,
            end: `${10 + i}:30`,
          })),
        },
      },
      'weekly.fri',
    ],
    [{ timeZone: 'Europe/London', weekly: {}, extra: 1 }, 'extra'],
  ])('%j → an error at %s', (input, path) => {
    expect(issues(input).map((e) => e.path)).toEqual([path]);
  });

  it('names the day in every error about a day, whatever is wrong with it', () => {
    const names = {
      mon: 'Monday',
      tue: 'Tuesday',
      wed: 'Wednesday',
      thu: 'Thursday',
      fri: 'Friday',
      sat: 'Saturday',
      sun: 'Sunday',
    };
    const wrongs = [
      [{ start: '9am', end: '17:00' }],
      [{ start: '09:00', end: 'five' }],
      [{ start: 9, end: '17:00' }],
      [{ start: '24:00', end: '24:00' }],
      [{ start: '17:00', end: '09:00' }],
      [
        { start: '09:00', end: '13:00' },
        { start: '12:00', end: '15:00' },
      ],
      ['09:00-17:00'],
      'all day',
      Array.from({ length: 7 }, () => ({ start: '09:00', end: '10:00' })),
    ];
    for (const [day, name] of Object.entries(names)) {
      for (const wrong of wrongs) {
        const found = issues({ timeZone: 'Europe/London', weekly: { [day]: wrong } });
        expect(found.length, `${day} ${JSON.stringify(wrong)}`).toBeGreaterThan(0);
        for (const e of found) expect(e.message, `${day} ${JSON.stringify(wrong)}`).toContain(name);
      }
    }
  });

  it('reports every overlap in a chain, each at the later period', () => {
    const list = [
      { start: '09:00', end: '17:00' },
      { start: '10:00', end: '11:00' },
      { start: '12:00', end: '13:00' },
    ];
    expect(issues({ timeZone: 'Europe/London', weekly: { thu: list } })).toEqual([
      {
        path: 'weekly.thu.1.start',
        message: 'Thursday: 10:00–11:00 overlaps 09:00–17:00. Please join them into one period or move one.',
      },
      {
        path: 'weekly.thu.2.start',
        message: 'Thursday: 12:00–13:00 overlaps 09:00–17:00. Please join them into one period or move one.',
      },
    ]);
  });

  const hhmm = (m: number) =>
    m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const interval = fc
    .tuple(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 1440 }))
    .map(([a, b]) => ({ start: hhmm(a), end: hhmm(b) }));
  const anyHours = fc.record({
    timeZone: fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kathmandu', 'UTC', 'Mars/Base', 'local'),
    weekly: fc.dictionary(
      fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
      fc.array(interval, { maxLength: 4 }),
    ),
  });

  it('what it accepts, the slot engine accepts (property)', () => {
    fc.assert(
      fc.property(anyHours, (input) => {
        const r = weeklyHoursSchema.safeParse(input);
        if (!r.success) return;
        expect(validateWeeklyHours(r.data)).toEqual([]);
        expect(() => compileSchedule(r.data, [], [])).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('what the engine finds wrong, it refuses too (property)', () => {
    fc.assert(
      fc.property(anyHours, (input) => {
        if (validateWeeklyHours(input).length > 0) expect(weeklyHoursSchema.safeParse(input).success).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws, whatever it is given (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => void weeklyHoursSchema.safeParse(v)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => void dateOverrideSchema.safeParse(v)),
      { numRuns: 300 },
    );
  });
});

describe('date override schema', () => {
  it('takes a real date and [] to close it', () => {
    expect(dateOverrideSchema.parse({ date: '2028-02-29', intervals: [] })).toEqual({
      date: '2028-02-29',
      intervals: [],
    });
  });

  it.each([
    [{ date: '2026-02-29', intervals: [] }, 'date'],
    [{ date: '2026-3-1', intervals: [] }, 'date'],
    [{ date: '2026-03-01' }, 'intervals'],
    [{ date: '2026-03-01', intervals: [{ start: '12:00', end: '11:00' }] }, 'intervals.0.end'],
    [
      {
        date: '2026-03-01',
        intervals: [
          { start: '09:00', end: '11:00' },
          { start: '10:00', end: '12:00' },
        ],
      },
      'intervals.1.start',
    ],
  ])('%j → an error at %s', (input, path) => {
    const r = dateOverrideSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!).map((e) => e.path)).toEqual([path]);
  });
});

describe('how long a bookable stretch is', () => {
  it('counts from the first start on the 15-minute grid', () => {
    expect(longestBookableMinutes([{ start: '09:10', end: '10:00' }])).toBe(45);
    expect(
      longestBookableMinutes([
        { start: '09:00', end: '10:00' },
        { start: '13:00', end: '24:00' },
      ]),
    ).toBe(660);
    expect(longestBookableMinutes([])).toBe(0);
  });

  it('names the day of the longest stretch', () => {
    expect(weeklyFit({ mon: [{ start: '09:00', end: '10:00' }], thu: [{ start: '09:00', end: '12:00' }] })).toEqual({
      longestMinutes: 180,
      longestDay: 'thu',
    });
    expect(weeklyFit({})).toEqual({ longestMinutes: 0 });
  });
});
