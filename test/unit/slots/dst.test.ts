import { describe, expect, it } from 'vitest';
import { findFreeSlots, formatSlot } from '#shared/domain/slots/index.js';
import type { Slot, SlotRules, WeeklyHours } from '#shared/domain/slots/index.js';
import { expandWorkingIntervals } from '#shared/domain/slots/working-hours.js';
import { at, DAY, everyDay, HOUR, MIN, monFri, RULES, wall, walls } from './support.js';

const L = 'Europe/London'; // 2026: GMT→BST 2026-03-29 01:00Z; BST→GMT 2026-10-25 01:00Z
const NY = 'America/New_York'; // 2026: EST→EDT 2026-03-08 07:00Z; EDT→EST 2026-11-01 06:00Z
const now = Date.UTC(2026, 0, 1);
const iso = (t: number) => new Date(t).toISOString().slice(0, 16) + 'Z';
const isoList = (s: readonly Slot[]) => s.map((x) => iso(x.start));

function run(
  hours: WeeklyHours,
  fromLocal: string,
  toLocal: string,
  rules: Partial<SlotRules> = {},
  busy: Slot[] = [],
) {
  const zone = hours.timeZone;
  return findFreeSlots(
    hours,
    [],
    [],
    busy,
    { ...RULES, ...rules },
    { from: at(zone, fromLocal), to: at(zone, toLocal), now },
  );
}

function starts(list: readonly Slot[], zone: string, date: string): string[] {
  return walls(list, zone)
    .filter((w) => w.startsWith(date))
    .map((w) => w.slice(11));
}

describe.each([
  { zone: L, before: '2026-03-28', change: '2026-03-29', after: '2026-03-30', label: 'London spring forward' },
  { zone: L, before: '2026-10-24', change: '2026-10-25', after: '2026-10-26', label: 'London fall back' },
  { zone: NY, before: '2026-03-07', change: '2026-03-08', after: '2026-03-09', label: 'New York spring forward' },
  { zone: NY, before: '2026-10-31', change: '2026-11-01', after: '2026-11-02', label: 'New York fall back' },
])('$label: wall-clock hours stay wall-clock', ({ zone, before, change, after }) => {
  const got = run(everyDay(zone, [{ start: '09:00', end: '17:00' }]), `${before}T00:00`, `${after}T23:59`);

  it('offers the same local times on the day before, of, and after the change', () => {
    const expected = starts(got, zone, before);
    expect(expected[0]).toBe('09:00');
    expect(expected.at(-1)).toBe('16:00');
    expect(starts(got, zone, change)).toEqual(expected);
    expect(starts(got, zone, after)).toEqual(expected);
  });

  it('moves the UTC instant of 09:00 by the offset change', () => {
    const nine = (d: string) => got.find((s) => wall(s.start, zone) === `${d}T09:00`)!.start;
    const shift = Math.abs(nine(after) - nine(before) - 2 * DAY);
    expect(shift).toBe(HOUR);
  });
});

describe('spring-forward gap (a local time that does not exist)', () => {
  it('London: an interval starting in the gap starts at the first instant after it', () => {
    const got = run(everyDay(L, [{ start: '01:30', end: '04:00' }]), '2026-03-29T00:00', '2026-03-29T12:00');
    // 01:30 does not exist; the interval is 02:00 BST (01:00Z) – 04:00 BST (03:00Z).
    expect(isoList(got)).toEqual([
      '2026-03-29T01:00Z',
      '2026-03-29T01:15Z',
      '2026-03-29T01:30Z',
      '2026-03-29T01:45Z',
      '2026-03-29T02:00Z',
    ]);
    expect(formatSlot(got[0]!, L).start).toBe('2026-03-29T02:00:00+01:00');
  });

  it('London: an interval ending in the gap ends at the transition; one wholly inside it is empty', () => {
    const upTo = run(everyDay(L, [{ start: '00:00', end: '01:45' }]), '2026-03-29T00:00', '2026-03-29T12:00');
    // 00:00Z – 01:00Z is one real hour: 00:00 fits a 50-minute session, 00:15 does not.
    expect(isoList(upTo)).toEqual(['2026-03-29T00:00Z']);
    const inGap = run(everyDay(L, [{ start: '01:10', end: '01:50' }]), '2026-03-29T00:00', '2026-03-29T12:00', {
      durationMinutes: 15,
    });
    expect(inGap).toEqual([]);
  });

  it('London: an interval across the gap is two real hours shorter on the wall clock grid, and the grid stays on :00/:15', () => {
    const got = run(everyDay(L, [{ start: '00:00', end: '02:30' }]), '2026-03-29T00:00', '2026-03-29T12:00');
    // 00:00 GMT (00:00Z) to 02:30 BST (01:30Z): 90 real minutes.
    expect(isoList(got)).toEqual(['2026-03-29T00:00Z', '2026-03-29T00:15Z', '2026-03-29T00:30Z']);
  });

  it('New York: 02:30 does not exist on 2026-03-08, so the day starts at 03:00 EDT', () => {
    const got = run(everyDay(NY, [{ start: '02:30', end: '05:00' }]), '2026-03-08T00:00', '2026-03-08T12:00', {
      durationMinutes: 60,
    });
    expect(walls(got, NY)).toEqual([
      '2026-03-08T03:00',
      '2026-03-08T03:15',
      '2026-03-08T03:30',
      '2026-03-08T03:45',
      '2026-03-08T04:00',
    ]);
    expect(iso(got[0]!.start)).toBe('2026-03-08T07:00Z');
  });
});

describe('fall-back overlap (a local time that happens twice)', () => {
  it('London: a start on a repeated time takes the earlier occurrence; the grid repeats in the second hour', () => {
    const got = run(everyDay(L, [{ start: '01:30', end: '03:00' }]), '2026-10-25T00:00', '2026-10-25T12:00');
    // 01:30 BST (00:30Z) to 03:00 GMT (03:00Z): 2.5 real hours.
    expect(got.map((s) => formatSlot(s, L).start.slice(11))).toEqual([
      '01:30:00+01:00',
      '01:45:00+01:00',
      '01:00:00+00:00',
      '01:15:00+00:00',
      '01:30:00+00:00',
      '01:45:00+00:00',
      '02:00:00+00:00',
    ]);
  });

  it('London: an end on a repeated time takes the later occurrence', () => {
    const got = run(everyDay(L, [{ start: '00:00', end: '01:30' }]), '2026-10-25T00:00', '2026-10-25T12:00', {
      durationMinutes: 150,
    });
    // 00:00 BST (23:00Z) to 01:30 GMT (01:30Z) is exactly 150 minutes.
    expect(isoList(got)).toEqual(['2026-10-24T23:00Z']);
  });

  it('New York: 01:00–01:30 on 2026-11-01 is 90 real minutes (earlier 01:00 EDT to later 01:30 EST)', () => {
    const [iv] = expandWorkingIntervals(
      everyDay(NY, [{ start: '01:00', end: '01:30' }]),
      [],
      [],
      at(NY, '2026-11-01T00:00'),
      at(NY, '2026-11-01T12:00'),
    );
    expect(iv).toEqual({ date: '2026-11-01', start: Date.UTC(2026, 10, 1, 5, 0), end: Date.UTC(2026, 10, 1, 6, 30) });
    const got = run(everyDay(NY, [{ start: '01:00', end: '01:30' }]), '2026-11-01T00:00', '2026-11-01T12:00', {
      durationMinutes: 90,
    });
    expect(got.map((s) => formatSlot(s, NY))).toEqual([
      { start: '2026-11-01T01:00:00-04:00', end: '2026-11-01T01:30:00-05:00' },
    ]);
  });

  it('New York: the 25-hour day counts as one day for the daily limit', () => {
    // 23:30 EST on Nov 1 is 04:30Z on Nov 2 — still Nov 1 locally.
    const busy = [{ start: at(NY, '2026-11-01T23:30'), end: at(NY, '2026-11-01T23:50') }];
    const h = everyDay(NY, [{ start: '09:00', end: '17:00' }]);
    const got = run(h, '2026-11-01T00:00', '2026-11-02T23:59', { dailyLimit: 1 }, busy);
    expect(new Set(walls(got, NY).map((w) => w.slice(0, 10)))).toEqual(new Set(['2026-11-02']));
  });
});

describe('a booking straddling a change', () => {
  it('London: a busy interval across the gap blocks exactly its real minutes', () => {
    // 00:30 GMT to 02:20 BST is 50 real minutes (00:30Z–01:20Z).
    const busy = [{ start: at(L, '2026-03-29T00:30'), end: at(L, '2026-03-29T02:20') }];
    expect(busy[0]!.end - busy[0]!.start).toBe(50 * MIN);
    const got = run(everyDay(L, [{ start: '00:00', end: '04:00' }]), '2026-03-29T00:00', '2026-03-29T12:00', {}, busy);
    expect(walls(got, L)).toEqual(['2026-03-29T02:30', '2026-03-29T02:45', '2026-03-29T03:00']);
    expect(formatSlot(busy[0]!, NY)).toEqual({ start: '2026-03-28T20:30:00-04:00', end: '2026-03-28T21:20:00-04:00' });
  });

  it('New York: a busy interval across the repeated hour, and an offered slot that straddles it', () => {
    // 01:30 EDT (05:30Z) – 01:20 EST (06:20Z).
    const busy = [{ start: Date.UTC(2026, 10, 1, 5, 30), end: Date.UTC(2026, 10, 1, 6, 20) }];
    const got = run(everyDay(NY, [{ start: '00:00', end: '04:00' }]), '2026-11-01T00:00', '2026-11-01T12:00', {}, busy);
    for (const s of got) expect(s.end <= busy[0]!.start || s.start >= busy[0]!.end).toBe(true);
    expect(isoList(got)).toEqual([
      '2026-11-01T04:00Z',
      '2026-11-01T04:15Z',
      '2026-11-01T04:30Z', // 00:00–00:30 EDT
      '2026-11-01T06:30Z',
      '2026-11-01T06:45Z',
      '2026-11-01T07:00Z',
      '2026-11-01T07:15Z',
      '2026-11-01T07:30Z',
      '2026-11-01T07:45Z',
      '2026-11-01T08:00Z', // last: 04:00 EST (09:00Z) minus 50 minutes, on the grid
    ]);
    // 00:30 EDT session ends at 01:20 EDT; and a slot at 01:45 EDT would end in EST:
    const free = run(everyDay(NY, [{ start: '00:00', end: '04:00' }]), '2026-11-01T00:00', '2026-11-01T12:00');
    const straddling = free.find((s) => iso(s.start) === '2026-11-01T05:45Z')!;
    expect(formatSlot(straddling, NY)).toEqual({
      start: '2026-11-01T01:45:00-04:00',
      end: '2026-11-01T01:35:00-05:00',
    });
  });
});

describe('a client in another zone', () => {
  const got = run(monFri(L), '2026-03-02T00:00', '2026-11-06T00:00');
  const firstOn = (date: string) => got.find((s) => wall(s.start, L).startsWith(date))!;

  it.each([
    ['2026-03-02', '2026-03-02T04:00:00-05:00'], // GMT vs EST: 5 hours
    ['2026-03-23', '2026-03-23T05:00:00-04:00'], // GMT vs EDT (NY changed on 8 March): 4 hours
    ['2026-03-30', '2026-03-30T04:00:00-04:00'], // BST vs EDT: 5 hours
    ['2026-10-26', '2026-10-26T05:00:00-04:00'], // GMT (London changed 25 Oct) vs EDT: 4 hours
    ['2026-11-02', '2026-11-02T04:00:00-05:00'], // GMT vs EST: 5 hours
  ])('09:00 London on %s reads %s in New York', (date, inNewYork) => {
    const slot = firstOn(date);
    expect(formatSlot(slot, L).start).toBe(
      `${date}T09:00:00+0${date >= '2026-03-29' && date < '2026-10-25' ? 1 : 0}:00`,
    );
    expect(formatSlot(slot, NY).start).toBe(inNewYork);
    expect(Date.parse(formatSlot(slot, NY).start)).toBe(slot.start);
  });
});

describe('wall-clock grid with a 30-minute change (Australia/Lord_Howe, 2026-04-05 02:00 → 01:30)', () => {
  it('keeps starts on whole local hours with a 60-minute grid', () => {
    const LH = 'Australia/Lord_Howe';
    const got = run(everyDay(LH, [{ start: '00:00', end: '06:00' }]), '2026-04-05T00:00', '2026-04-05T12:00', {
      gridMinutes: 60,
    });
    expect(walls(got, LH).map((w) => w.slice(11))).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00', '05:00']);
    // 6.5 real hours; the instants of 01:00 and 02:00 are 90 minutes apart.
    expect(got[2]!.start - got[1]!.start).toBe(90 * MIN);
  });
});
