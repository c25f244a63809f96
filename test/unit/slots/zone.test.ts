import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findFreeSlots, formatSlot } from '#shared/domain/slots/index.js';
import { expandWorkingIntervals } from '#shared/domain/slots/working-hours.js';
import { ZoneClock } from '#shared/domain/slots/zone.js';
import { HOUR, monFri, RULES } from './support.js';

const local = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('ZoneClock.resolve', () => {
  const london = new ZoneClock('Europe/London');
  const ny = new ZoneClock('America/New_York');

  it('maps an ordinary wall time to its single instant', () => {
    expect(london.resolve(local(2026, 1, 5, 9), 'earlier')).toBe(Date.UTC(2026, 0, 5, 9));
    expect(london.resolve(local(2026, 7, 6, 9), 'later')).toBe(Date.UTC(2026, 6, 6, 8));
    expect(ny.resolve(local(2026, 7, 6, 9), 'earlier')).toBe(Date.UTC(2026, 6, 6, 13));
  });

  it('maps a skipped wall time to the transition, whichever occurrence is asked for', () => {
    for (const prefer of ['earlier', 'later'] as const) {
      expect(london.resolve(local(2026, 3, 29, 1, 30), prefer)).toBe(Date.UTC(2026, 2, 29, 1));
      expect(ny.resolve(local(2026, 3, 8, 2, 30), prefer)).toBe(Date.UTC(2026, 2, 8, 7));
    }
  });

  it('picks the earlier or later occurrence of a repeated wall time', () => {
    expect(london.resolve(local(2026, 10, 25, 1, 30), 'earlier')).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(london.resolve(local(2026, 10, 25, 1, 30), 'later')).toBe(Date.UTC(2026, 9, 25, 1, 30));
    expect(ny.resolve(local(2026, 11, 1, 1, 0), 'earlier')).toBe(Date.UTC(2026, 10, 1, 5));
    expect(ny.resolve(local(2026, 11, 1, 1, 0), 'later')).toBe(Date.UTC(2026, 10, 1, 6));
  });

  it('finds transitions on quarter hours and, for odd historic ones, to the second', () => {
    expect(london.transitionIn(Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 30))).toBe(Date.UTC(2026, 2, 29, 1));
    expect(ny.transitionIn(Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 2))).toBe(Date.UTC(2026, 10, 1, 6));
    // London left local mean time (-0:01:15) for GMT at 1847-12-01 00:00 LMT.
    expect(london.transitionIn(Date.UTC(1847, 10, 30), Date.UTC(1847, 11, 2))).toBe(Date.UTC(1847, 11, 1, 0, 1, 15));
  });

  it('accepts only IANA names (not "local" or "system", which would mean the machine\'s zone)', () => {
    for (const bad of ['', 'local', 'system', 'Europe/Nowhere', 'GMT+25']) {
      expect(() => new ZoneClock(bad)).toThrow(RangeError);
      expect(() => formatSlot({ start: 0, end: HOUR }, bad)).toThrow(RangeError);
      expect(() =>
        findFreeSlots({ timeZone: bad, weekly: {} }, [], [], [], RULES, { from: 0, to: HOUR, now: 0 }),
      ).toThrow(RangeError);
    }
    expect(new ZoneClock('UTC').offsetMs(0)).toBe(0);
  });
});

describe('expandWorkingIntervals', () => {
  it('lists each open local date with its hours as instants, after overrides and breaks', () => {
    const got = expandWorkingIntervals(
      monFri('Europe/London'),
      [{ date: '2026-03-31', intervals: [{ start: '13:00', end: '15:00' }] }],
      [{ start: '2026-04-01', end: '2026-04-01' }],
      Date.UTC(2026, 2, 27, 12),
      Date.UTC(2026, 3, 2, 23), // midnight starting Friday 3 April, London time: that day is excluded
    );
    expect(got).toEqual([
      { date: '2026-03-27', start: Date.UTC(2026, 2, 27, 9), end: Date.UTC(2026, 2, 27, 17) },
      { date: '2026-03-30', start: Date.UTC(2026, 2, 30, 8), end: Date.UTC(2026, 2, 30, 16) },
      { date: '2026-03-31', start: Date.UTC(2026, 2, 31, 12), end: Date.UTC(2026, 2, 31, 14) },
      { date: '2026-04-02', start: Date.UTC(2026, 3, 2, 8), end: Date.UTC(2026, 3, 2, 16) },
    ]);
  });

  it('unions intervals that overlap once resolved on a fall-back day', () => {
    const hours = {
      timeZone: 'America/New_York',
      weekly: {
        sun: [
          { start: '00:00', end: '01:20' },
          { start: '01:40', end: '03:00' },
        ],
      },
    };
    const got = expandWorkingIntervals(hours, [], [], Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 1, 12));
    // 01:20 EST (06:20Z, later occurrence) is after 01:40 EDT (05:40Z, earlier occurrence).
    expect(got).toEqual([{ date: '2026-11-01', start: Date.UTC(2026, 10, 1, 4), end: Date.UTC(2026, 10, 1, 8) }]);
  });
});

describe('remembered offsets', () => {
  // Whole-hour, half-hour and 45-minute offsets; DST of an hour, of half an hour (Lord Howe, whose
  // changes fall on half hours of UTC) and of a Ramadan suspension (Casablanca).
  const zones = [
    'Europe/London',
    'America/New_York',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kathmandu',
    'Africa/Casablanca',
    'America/Sao_Paulo',
    'UTC',
  ];
  const oracle = (zone: string, t: number) => Math.round(IANAZone.create(zone).offset(t) * 60_000);
  /** Every offset change of a zone between two years, found by the oracle alone (day by day, then to the second). */
  const changes = (zone: string, fromYear: number, toYear: number): number[] => {
    const out: number[] = [];
    for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear, 0, 1); t += 86_400_000) {
      if (oracle(zone, t) === oracle(zone, t + 86_400_000)) continue;
      let [lo, hi] = [t / 1000, (t + 86_400_000) / 1000];
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (oracle(zone, mid * 1000) === oracle(zone, t)) lo = mid;
        else hi = mid;
      }
      out.push(hi * 1000);
    }
    return out;
  };
  const near = zones.flatMap((zone) => changes(zone, 2019, 2031).map((t) => [zone, t] as const));
  const instant = fc.oneof(
    fc.tuple(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) })),
    // Within two hours either side of a change, to the second.
    fc
      .tuple(fc.constantFrom(...near), fc.integer({ min: -7200, max: 7200 }))
      .map(([[zone, t], s]) => [zone, t + s * 1000] as const),
  );

  it('are the offsets luxon reads, whatever hours were remembered before', () => {
    expect(near.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(instant, ([zone, t]) => {
        expect(ZoneClock.of(zone).offsetMs(t)).toBe(oracle(zone, t));
      }),
      { numRuns: 5000 },
    );
  });

  it('write the same strings luxon wrote', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 600 }), ([zone, t], minutes) => {
        const slot = { start: t, end: t + minutes * 60_000 };
        const luxon = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
        expect(formatSlot(slot, zone)).toEqual({ start: luxon(slot.start), end: luxon(slot.end) });
      }),
      { numRuns: 3000 },
    );
  });
});
