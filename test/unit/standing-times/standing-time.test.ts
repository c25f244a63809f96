import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  expandStanding,
  firstDate,
  holdingOn,
  seriesOverlap,
  standingWeekdays,
  type StandingPattern,
} from '#shared/domain/standing-time.js';

const DAY_MS = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('standing time expansion', () => {
  it('starts on the first weekday on or after from', () => {
    expect(firstDate({ weekday: 'tue', from: '2026-03-24' })).toBe('2026-03-24');
    expect(firstDate({ weekday: 'tue', from: '2026-03-25' })).toBe('2026-03-31');
  });

  it('keeps 10:00 London at 10:00 London across the spring clock change', () => {
    const p: StandingPattern = { weekday: 'tue', time: '10:00', lengthMinutes: 50, every: 'week', from: '2026-03-17' };
    const got = expandStanding(p, 'Europe/London', {
      from: at('2026-03-01T00:00:00Z'),
      to: at('2026-04-08T00:00:00Z'),
    });
    expect(got.map((h) => new Date(h.start).toISOString())).toEqual([
      '2026-03-17T10:00:00.000Z',
      '2026-03-24T10:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
      '2026-04-07T09:00:00.000Z',
    ]);
  });

  it('respects count (skipped dates count, as iCalendar COUNT with EXDATE) and until', () => {
    const base: StandingPattern = {
      weekday: 'mon',
      time: '09:00',
      lengthMinutes: 60,
      every: 'fortnight',
      from: '2026-01-05',
    };
    const window = { from: at('2026-01-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') };
    expect(expandStanding({ ...base, count: 3 }, 'UTC', window).map((h) => h.date)).toEqual([
      '2026-01-05',
      '2026-01-19',
      '2026-02-02',
    ]);
    expect(expandStanding({ ...base, count: 3, skipped: ['2026-01-19'] }, 'UTC', window).map((h) => h.date)).toEqual([
      '2026-01-05',
      '2026-02-02',
    ]);
    expect(expandStanding({ ...base, until: '2026-01-19' }, 'UTC', window).map((h) => h.date)).toEqual([
      '2026-01-05',
      '2026-01-19',
    ]);
  });

  it('an endless series started long ago expands only its window, at once', () => {
    const p: StandingPattern = { weekday: 'wed', time: '18:30', lengthMinutes: 50, every: 'week', from: '1990-01-03' };
    const started = performance.now();
    const got = expandStanding(p, 'America/New_York', {
      from: at('9999-01-01T00:00:00Z'),
      to: at('9999-02-01T00:00:00Z'),
    });
    expect(got.length).toBeGreaterThanOrEqual(4);
    expect(got.length).toBeLessThanOrEqual(5);
    expect(performance.now() - started).toBeLessThan(200);
    expect(() => expandStanding(p, 'UTC', { from: 0, to: at('9999-01-01T00:00:00Z') })).toThrow(RangeError);
  });

  it('knows which dates are its own', () => {
    const p: StandingPattern = {
      weekday: 'tue',
      time: '10:00',
      lengthMinutes: 50,
      every: 'fortnight',
      from: '2026-03-17',
      count: 2,
    };
    expect(holdingOn(p, 'Europe/London', '2026-03-31')?.index).toBe(1);
    expect(holdingOn(p, 'Europe/London', '2026-03-24')).toBeUndefined();
    expect(holdingOn(p, 'Europe/London', '2026-04-14')).toBeUndefined();
  });

  it('finds an overlap between two series', () => {
    const window = { from: at('2026-01-01T00:00:00Z'), to: at('2026-03-01T00:00:00Z') };
    const a = expandStanding(
      { weekday: 'tue', time: '10:00', lengthMinutes: 50, every: 'week', from: '2026-01-01' },
      'UTC',
      window,
    );
    const b = expandStanding(
      { weekday: 'tue', time: '10:30', lengthMinutes: 50, every: 'fortnight', from: '2026-01-10' },
      'UTC',
      window,
    );
    const c = expandStanding(
      { weekday: 'tue', time: '10:50', lengthMinutes: 50, every: 'week', from: '2026-01-01' },
      'UTC',
      window,
    );
    expect(seriesOverlap(a, b)?.date).toBe('2026-01-13');
    expect(seriesOverlap(a, c)).toBeUndefined();
  });
});

// Both clock changes of 2026 in each zone lie inside these windows.
const zones = [
  { zone: 'Europe/London', from: '2026-02-01', to: '2026-12-01' },
  { zone: 'America/New_York', from: '2026-02-01', to: '2026-12-01' },
] as const;

const pattern = fc.record({
  weekday: fc.constantFrom(...standingWeekdays),
  hour: fc.integer({ min: 6, max: 21 }),
  minute: fc.constantFrom(0, 15, 30, 45),
  lengthMinutes: fc.integer({ min: 10, max: 240 }),
  every: fc.constantFrom('week' as const, 'fortnight' as const),
  fromOffsetDays: fc.integer({ min: 0, max: 120 }),
  end: fc.oneof(
    fc.constant({}),
    fc.record({ count: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ untilDays: fc.integer({ min: 0, max: 300 }) }),
  ),
  skips: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }),
});

describe('standing time properties', () => {
  for (const { zone, from, to } of zones) {
    it(`in ${zone}, across both clock changes: every date at the wall-clock time, no overlaps, count and until kept`, () => {
      fc.assert(
        fc.property(pattern, (g) => {
          const start = DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: g.fromOffsetDays }).toISODate()!;
          const until =
            'untilDays' in g.end ? DateTime.fromISO(start).plus({ days: g.end.untilDays }).toISODate()! : undefined;
          const time = `${String(g.hour).padStart(2, '0')}:${String(g.minute).padStart(2, '0')}`;
          const base: StandingPattern = {
            weekday: g.weekday,
            time,
            lengthMinutes: g.lengthMinutes,
            every: g.every,
            from: start,
            ...('count' in g.end ? { count: g.end.count } : {}),
            ...(until ? { until } : {}),
          };
          const window = { from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`) + 200 * DAY_MS };
          const all = expandStanding(base, zone, window);
          const skipped = g.skips.flatMap((i) => (all[i] ? [all[i].date] : []));
          const held = expandStanding({ ...base, skipped }, zone, window);
          const step = g.every === 'week' ? 7 : 14;
          for (const h of held) {
            const local = DateTime.fromMillis(h.start, { zone });
            expect(local.toFormat('HH:mm')).toBe(time);
            expect(local.toISODate()).toBe(h.date);
            expect(standingWeekdays[local.weekday - 1]).toBe(g.weekday);
            expect(h.end - h.start).toBe(g.lengthMinutes * 60_000);
            expect(skipped).not.toContain(h.date);
            if ('count' in g.end) expect(h.index).toBeLessThan(g.end.count);
            if (until) expect(h.date <= until).toBe(true);
            expect(h.date >= start).toBe(true);
          }
          for (let i = 1; i < all.length; i++) {
            expect(all[i]!.start).toBeGreaterThanOrEqual(all[i - 1]!.end);
            expect(DateTime.fromISO(all[i]!.date).diff(DateTime.fromISO(all[i - 1]!.date), 'days').days).toBe(step);
          }
          if ('count' in g.end) expect(all.length).toBeLessThanOrEqual(g.end.count);
          // A window that starts later gives the same dates from there on: no walk from the first date decides anything.
          const later = window.from + 90 * DAY_MS;
          expect(expandStanding(base, zone, { from: later, to: window.to })).toEqual(
            all.filter((h) => h.start >= later),
          );
        }),
        { numRuns: 150 },
      );
    });
  }
});
