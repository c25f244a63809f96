import { describe, expect, it } from 'vitest';
import { findFreeSlots, lockCells, occupiedRange } from '#shared/domain/slots/index.js';
import type { BusyInterval, SlotRules, WeeklyHours } from '#shared/domain/slots/index.js';
import { at, DAY, everyDay, MIN, monFri, RULES, walls } from './support.js';

const L = 'Europe/London';
const hours = monFri(L); // Mon–Fri 09:00–17:00
// Week of Monday 2026-01-05 (London on GMT; no DST change nearby).
const MON = '2026-01-05';
const TUE = '2026-01-06';
const now = at(L, '2026-01-01T08:00');
const day = (d: string) => ({ from: at(L, `${d}T00:00`), to: at(L, `${d}T00:00`) + DAY, now });

function slots(
  opts: {
    hours?: WeeklyHours;
    busy?: BusyInterval[];
    rules?: Partial<SlotRules>;
    q?: { from: number; to: number; now: number };
  } = {},
  extra: { overrides?: Parameters<typeof findFreeSlots>[1]; breaks?: Parameters<typeof findFreeSlots>[2] } = {},
) {
  return findFreeSlots(
    opts.hours ?? hours,
    extra.overrides ?? [],
    extra.breaks ?? [],
    opts.busy ?? [],
    { ...RULES, ...opts.rules },
    opts.q ?? day(MON),
  );
}
const times = (list: ReturnType<typeof slots>) => walls(list, L).map((w) => w.slice(11));

describe('working hours and grid', () => {
  it('offers every 15-minute start whose session fits inside the hours', () => {
    const got = slots();
    expect(got).toHaveLength(29); // 09:00 … 16:00
    expect(times(got)[0]).toBe('09:00');
    expect(times(got).at(-1)).toBe('16:00');
    for (const s of got) expect(s.end - s.start).toBe(50 * MIN);
  });

  it('offers nothing on a day without hours', () => {
    expect(slots({ q: day('2026-01-10') })).toEqual([]); // Saturday
  });

  it('uses a 15-minute grid by default and honours gridMinutes', () => {
    const { gridMinutes: _omit, ...noGrid } = RULES;
    const byDefault = findFreeSlots(hours, [], [], [], noGrid, day(MON));
    expect(byDefault).toEqual(slots());
    expect(times(slots({ rules: { gridMinutes: 30 } })).slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('aligns the grid to local midnight, not to the start of the hours', () => {
    const late = monFri(L, '09:10', '12:00');
    expect(times(slots({ hours: late, rules: { gridMinutes: 60 } }))).toEqual(['10:00', '11:00']);
    expect(times(slots({ hours: late, rules: { gridMinutes: 15 } }))[0]).toBe('09:15');
  });

  it('keeps a session inside one interval (no session across a lunch break)', () => {
    const split: WeeklyHours = {
      timeZone: L,
      weekly: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
    };
    const t = times(slots({ hours: split }));
    expect(t).toContain('11:00');
    expect(t).not.toContain('11:15');
    expect(t).not.toContain('12:30');
    expect(t).toContain('13:00');
  });

  it('treats touching intervals as one stretch of time', () => {
    const touching: WeeklyHours = {
      timeZone: L,
      weekly: {
        mon: [
          { start: '12:00', end: '17:00' },
          { start: '09:00', end: '12:00' },
        ],
      },
    };
    expect(slots({ hours: touching })).toEqual(slots());
  });

  it('unions overlapping intervals instead of failing (validateWeeklyHours reports them)', () => {
    const overlapping: WeeklyHours = {
      timeZone: L,
      weekly: {
        mon: [
          { start: '09:00', end: '13:00' },
          { start: '11:00', end: '17:00' },
        ],
      },
    };
    expect(slots({ hours: overlapping })).toEqual(slots());
  });

  it('allows 24:00 as an end but never runs a session across midnight into the next day', () => {
    const h = everyDay(L, [{ start: '22:00', end: '24:00' }]);
    const sat = slots({ hours: h, q: { from: at(L, '2026-01-10T00:00'), to: at(L, '2026-01-11T12:00'), now } });
    expect(walls(sat, L)).toEqual([
      '2026-01-10T22:00',
      '2026-01-10T22:15',
      '2026-01-10T22:30',
      '2026-01-10T22:45',
      '2026-01-10T23:00',
    ]);
    const twoDays = everyDay(L, [
      { start: '00:00', end: '02:00' },
      { start: '22:00', end: '24:00' },
    ]);
    const across = slots({
      hours: twoDays,
      q: { from: at(L, '2026-01-10T22:00'), to: at(L, '2026-01-11T02:00'), now },
    });
    expect(walls(across, L)).not.toContain('2026-01-10T23:30');
    expect(walls(across, L)).toContain('2026-01-11T00:00');
  });
});

describe('overrides and breaks', () => {
  it("an override replaces that date's weekly hours", () => {
    const got = slots({ q: day(TUE) }, { overrides: [{ date: TUE, intervals: [{ start: '10:00', end: '12:00' }] }] });
    expect(times(got)).toEqual(['10:00', '10:15', '10:30', '10:45', '11:00']);
  });

  it('an override with no intervals closes the day; the other days are untouched', () => {
    const overrides = [{ date: TUE, intervals: [] }];
    expect(slots({ q: day(TUE) }, { overrides })).toEqual([]);
    expect(slots({ q: day(MON) }, { overrides })).toHaveLength(29);
  });

  it('an override can open a day without weekly hours; the last override for a date wins', () => {
    const overrides = [
      { date: '2026-01-10', intervals: [{ start: '09:00', end: '17:00' }] },
      { date: '2026-01-10', intervals: [{ start: '10:00', end: '11:00' }] },
    ];
    expect(times(slots({ q: day('2026-01-10') }, { overrides }))).toEqual(['10:00']);
  });

  it('a break closes every date of its inclusive range, even one an override opens', () => {
    const breaks = [{ start: '2026-01-06', end: '2026-01-07' }];
    const overrides = [{ date: '2026-01-07', intervals: [{ start: '09:00', end: '17:00' }] }];
    const week = { from: at(L, '2026-01-05T00:00'), to: at(L, '2026-01-10T00:00'), now };
    const dates = new Set(walls(slots({ q: week }, { breaks, overrides }), L).map((w) => w.slice(0, 10)));
    expect([...dates]).toEqual(['2026-01-05', '2026-01-08', '2026-01-09']);
  });
});

describe('busy intervals and buffers', () => {
  const busy = [{ start: at(L, `${MON}T11:00`), end: at(L, `${MON}T11:50`) }];

  it('blocks starts whose session would overlap a busy interval', () => {
    const t = times(slots({ busy }));
    expect(t).toContain('10:00'); // ends 10:50
    for (const x of ['10:15', '10:30', '10:45', '11:00', '11:15', '11:30', '11:45']) expect(t).not.toContain(x);
    expect(t).toContain('12:00');
  });

  it("applies the slot's buffers to the slot only: a busy range already holds its booking's buffers", () => {
    // The booking 11:00–11:50 was made with 10 minutes after: it occupies [11:00, 12:00).
    const occupied = [occupiedRange(at(L, `${MON}T11:00`), at(L, `${MON}T11:50`), 0, 10)];
    // Slot occupied: [cellFloor(s - 10), cellCeil(s + 60)). Free iff s + 60 <= 11:00 or s - 10 >= 12:00.
    const t = times(slots({ busy: occupied, rules: { bufferBeforeMinutes: 10, bufferAfterMinutes: 10 } }));
    expect(t).toContain('10:00');
    expect(t).not.toContain('10:15');
    expect(t).not.toContain('12:00');
    expect(t).toContain('12:15');
  });

  it('keeps the booking’s bufferAfter and the new slot’s bufferBefore between two appointments', () => {
    // 09:00–10:00 with 10 minutes either side occupies [08:45, 10:15).
    const b = [occupiedRange(at(L, `${MON}T09:00`), at(L, `${MON}T10:00`), 10, 10)];
    const t = times(slots({ busy: b, rules: { bufferBeforeMinutes: 10, bufferAfterMinutes: 10 } }));
    expect(t).not.toContain('10:15'); // only 15 minutes after
    expect(t).toContain('10:30');
  });

  it('is the lock check: a start is offered exactly when its cells are free', () => {
    const b = [occupiedRange(at(L, `${MON}T11:00`), at(L, `${MON}T11:50`), 0, 10)];
    const held = new Set(lockCells(at(L, `${MON}T11:00`), at(L, `${MON}T11:50`), 0, 10));
    const rules = { bufferBeforeMinutes: 5, bufferAfterMinutes: 5 };
    const offered = new Set(times(slots({ busy: b, rules })));
    for (let m = 9 * 60; m + 50 <= 17 * 60; m += 15) {
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const s = at(L, `${MON}T${hhmm}`);
      const free = lockCells(s, s + 50 * 60_000, 5, 5).every((c) => !held.has(c));
      expect(offered.has(hhmm), hhmm).toBe(free);
    }
  });

  it('rounds busy intervals out to lock cells, so an offered slot can always take its locks', () => {
    // Busy 10:05–10:55 holds cells 10:00–10:45. A 09:15 session ends 10:05: no overlap in time,
    // but it needs cell 10:00 too, so it is not offered; 09:00 (ends 09:50) is.
    const odd = [{ start: at(L, `${MON}T10:05`), end: at(L, `${MON}T10:55`) }];
    const t = times(slots({ busy: odd }));
    expect(t).toContain('09:00');
    expect(t).not.toContain('09:15');
    expect(t).toContain('11:00');
    const cellsOf = (s: number, e: number) => lockCells(s, e, 0, 0);
    const taken = new Set(cellsOf(odd[0]!.start, odd[0]!.end));
    expect(cellsOf(at(L, `${MON}T09:15`), at(L, `${MON}T10:05`)).some((c) => taken.has(c))).toBe(true);
  });

  it('does not depend on the order of busy intervals and does not mutate them', () => {
    const many = [14, 10, 16, 12].map((h) => ({ start: at(L, `${MON}T${h}:00`), end: at(L, `${MON}T${h}:30`) }));
    const copy = many.map((b) => ({ ...b }));
    const sorted = [...many].sort((a, b) => a.start - b.start);
    expect(slots({ busy: many })).toEqual(slots({ busy: sorted }));
    expect(many).toEqual(copy);
  });

  it('ignores busy intervals on other days', () => {
    const other = [{ start: at(L, `${TUE}T09:00`), end: at(L, `${TUE}T17:00`) }];
    expect(slots({ busy: other })).toEqual(slots());
  });
});

describe('notice, horizon and query window', () => {
  it('starts no earlier than now + minimum notice (inclusive)', () => {
    const q = { ...day(MON), now: at(L, `${MON}T08:00`) };
    expect(times(slots({ q, rules: { minimumNoticeMinutes: 120 } }))[0]).toBe('10:00');
    expect(times(slots({ q, rules: { minimumNoticeMinutes: 121 } }))[0]).toBe('10:15');
  });

  it('starts strictly before now + horizon (24-hour days)', () => {
    const q = { from: at(L, `${MON}T00:00`), to: at(L, '2026-01-10T00:00'), now: at(L, `${MON}T09:00`) };
    const got = walls(slots({ q, rules: { horizonDays: 2 } }), L);
    expect(got.at(-1)).toBe('2026-01-06T16:00');
    expect(got).not.toContain('2026-01-07T09:00');
    expect(walls(slots({ q, rules: { horizonDays: 2.01 } }), L)).toContain('2026-01-07T09:00');
    expect(slots({ q, rules: { horizonDays: 0 } })).toEqual([]);
  });

  it('starts at or after from, and ends at or before to', () => {
    const q = { from: at(L, `${MON}T10:07`), to: at(L, `${MON}T12:00`), now };
    expect(times(slots({ q }))).toEqual(['10:15', '10:30', '10:45', '11:00']);
    const q2 = { from: at(L, `${MON}T10:00`), to: at(L, `${MON}T11:50`), now };
    expect(times(slots({ q: q2 })).at(-1)).toBe('11:00'); // ends exactly at `to`
  });

  it('returns nothing for an empty or inverted window', () => {
    expect(slots({ q: { from: at(L, `${MON}T12:00`), to: at(L, `${MON}T12:00`), now } })).toEqual([]);
    expect(slots({ q: { from: at(L, `${MON}T12:00`), to: at(L, `${MON}T09:00`), now } })).toEqual([]);
  });
});

describe('daily limit', () => {
  const b = (local: string) => ({ start: at(L, local), end: at(L, local) + 50 * MIN });

  it('closes a local day once that many busy intervals start on it', () => {
    const busy = [b(`${MON}T09:00`), b(`${MON}T15:00`)];
    expect(slots({ busy, rules: { dailyLimit: 2 } })).toEqual([]);
    expect(slots({ busy, rules: { dailyLimit: 3 } }).length).toBeGreaterThan(0);
    expect(slots({ busy, rules: { dailyLimit: null } }).length).toBeGreaterThan(0);
    expect(slots({ busy, rules: { dailyLimit: 2 }, q: day(TUE) })).toHaveLength(29);
  });

  it('counts busy intervals outside the query window on the same local day', () => {
    const busy = [b(`${MON}T09:00`)];
    const q = { from: at(L, `${MON}T13:00`), to: at(L, `${MON}T17:00`), now };
    expect(slots({ busy, q, rules: { dailyLimit: 1 } })).toEqual([]);
  });

  it('counts by the therapist-local day, not the UTC day', () => {
    const NY = 'America/New_York';
    // 22:30 New York on Monday is 03:30 UTC on Tuesday: it counts for Monday.
    const busy = [{ start: at(NY, '2026-01-05T22:30'), end: at(NY, '2026-01-05T23:20') }];
    const q = (d: string) => ({ from: at(NY, `${d}T00:00`), to: at(NY, `${d}T23:59`), now });
    const nyHours = monFri(NY);
    expect(findFreeSlots(nyHours, [], [], busy, { ...RULES, dailyLimit: 1 }, q(MON))).toEqual([]);
    expect(findFreeSlots(nyHours, [], [], busy, { ...RULES, dailyLimit: 1 }, q(TUE))).toHaveLength(29);
  });

  it('a limit of 0 offers nothing', () => {
    expect(slots({ rules: { dailyLimit: 0 } })).toEqual([]);
  });
});

describe('malformed input', () => {
  const bad = (fn: () => unknown) => expect(fn).toThrow(RangeError);
  it('throws RangeError rather than guessing', () => {
    bad(() => slots({ hours: { timeZone: 'Europe/Londn', weekly: {} } }));
    bad(() => slots({ hours: { timeZone: L, weekly: { mon: [{ start: '9:00', end: '17:00' }] } } }));
    bad(() => slots({ hours: { timeZone: L, weekly: { mon: [{ start: '17:00', end: '09:00' }] } } }));
    bad(() => slots({}, { overrides: [{ date: '2026-02-30', intervals: [] }] }));
    bad(() => slots({}, { breaks: [{ start: '2026-01-07', end: '2026-01-06' }] }));
    bad(() => slots({ rules: { durationMinutes: 0 } }));
    bad(() => slots({ rules: { bufferAfterMinutes: -5 } }));
    bad(() => slots({ rules: { dailyLimit: 1.5 } }));
    bad(() => slots({ rules: { gridMinutes: 0 } }));
    bad(() => slots({ q: { from: Number.NaN, to: 0, now: 0 } }));
    bad(() => slots({ busy: [{ start: 10, end: 5 }] }));
  });
});
