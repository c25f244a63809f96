import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { findFreeSlots, formatSlot, lockCells, occupiedRange } from '#shared/domain/slots/index.js';
import type { LocalInterval, Slot, SlotRules, Weekday, WeeklyHours } from '#shared/domain/slots/index.js';
import { DayExpander } from '#shared/domain/slots/working-hours.js';
import { ZoneClock } from '#shared/domain/slots/zone.js';
import { DAY, MIN, oracleSlots, resolveWall, type OracleInput } from './support.js';

// Zones chosen for their transitions: 1 h (London, New York, Sydney), 30 min (Lord Howe), at midnight
// (Santiago, Havana), around Ramadan (Casablanca), :45 offsets (Chatham, Kathmandu), none (Kolkata, UTC).
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Africa/Casablanca',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'UTC',
];
// Days shortly before 2026 transitions of those zones (and a quiet one).
const ANCHORS = [
  '2026-01-12',
  '2026-02-12',
  '2026-03-05',
  '2026-03-19',
  '2026-03-26',
  '2026-04-01',
  '2026-09-03',
  '2026-09-24',
  '2026-10-22',
  '2026-10-29',
].map((d) => Date.parse(`${d}T00:00:00Z`));
const FORMAT_ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Pacific/Chatham', 'America/St_Johns', 'UTC'];
const DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;

// Wall-clock minutes, biased towards the small hours where transitions happen.
const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 23 }).map((h) => h * 60),
  fc.integer({ min: 0, max: 4 * 60 }),
  fc.integer({ min: 0, max: 1439 }),
);
const localInterval: fc.Arbitrary<LocalInterval> = fc
  .tuple(minuteOfDay, fc.oneof(minuteOfDay, fc.constant(1440)))
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));
const dayIntervals = fc.array(localInterval, { minLength: 0, maxLength: 3 });

const input: fc.Arbitrary<OracleInput> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    anchor: fc.constantFrom(...ANCHORS),
    weekly: fc.array(fc.option(dayIntervals, { nil: undefined }), { minLength: 7, maxLength: 7 }),
    overrides: fc.array(fc.record({ day: fc.integer({ min: -2, max: 12 }), intervals: dayIntervals }), {
      maxLength: 3,
    }),
    breaks: fc.array(fc.record({ day: fc.integer({ min: -2, max: 12 }), length: fc.integer({ min: 0, max: 3 }) }), {
      maxLength: 2,
    }),
    busy: fc.array(
      fc.record({ at: fc.integer({ min: -2 * 1440, max: 12 * 1440 }), length: fc.integer({ min: 1, max: 180 }) }),
      { maxLength: 25 },
    ),
    rules: fc.record({
      durationMinutes: fc.integer({ min: 5, max: 120 }),
      bufferBeforeMinutes: fc.constantFrom(0, 5, 10, 15, 30),
      bufferAfterMinutes: fc.constantFrom(0, 5, 10, 15, 30),
      minimumNoticeMinutes: fc.integer({ min: 0, max: 2 * 1440 }),
      horizonDays: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 3, max: 14 })),
      dailyLimit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      gridMinutes: fc.constantFrom(5, 10, 15, 15, 15, 20, 30, 45, 50, 60),
    }),
    now: fc.integer({ min: -1440, max: 3 * 1440 }),
    from: fc.integer({ min: -2 * 1440, max: 5 * 1440 }),
    span: fc.integer({ min: 0, max: 8 * 1440 }),
  })
  .map((r) => {
    const date = (day: number) => new Date(r.anchor + day * DAY).toISOString().slice(0, 10);
    const weekly: WeeklyHours['weekly'] = {};
    r.weekly.forEach((list, i) => {
      if (list !== undefined) weekly[DAYS[i]!] = list;
    });
    const now = r.anchor + r.now * MIN;
    const from = now + r.from * MIN;
    return {
      hours: { timeZone: r.zone, weekly },
      overrides: r.overrides.map((o) => ({ date: date(o.day), intervals: o.intervals })),
      breaks: r.breaks.map((b) => ({ start: date(b.day), end: date(b.day + b.length) })),
      busy: r.busy.map((b) => ({ start: r.anchor + b.at * MIN, end: r.anchor + (b.at + b.length) * MIN })),
      rules: r.rules as SlotRules,
      query: { now, from, to: from + r.span * MIN },
    };
  });

const run = (i: OracleInput): Slot[] => findFreeSlots(i.hours, i.overrides, i.breaks, i.busy, i.rules, i.query);
// SLOTS_PROPERTY_SCALE=20 npx vitest run test/unit/slots/properties.test.ts for a long soak.
const SCALE = Number(process.env['SLOTS_PROPERTY_SCALE'] ?? 1);
const RUNS = { numRuns: 300 * SCALE };
// Generous: these run hundreds of engine calls (and the oracle) and share the machine with others.
const TIMEOUT = 120_000 * SCALE;

describe('slot engine properties', () => {
  it(
    'equals a brute-force reference implementation',
    () => {
      fc.assert(
        fc.property(input, (i) => {
          expect(run(i)).toEqual(oracleSlots(i));
        }),
        { numRuns: 200 * SCALE },
      );
    },
    TIMEOUT,
  );

  it(
    'no slot, with its buffers, overlaps a busy interval (busy ranges already hold their own buffers)',
    () => {
      fc.assert(
        fc.property(input, (i) => {
          const before = i.rules.bufferBeforeMinutes * MIN;
          const after = i.rules.bufferAfterMinutes * MIN;
          return run(i).every((s) => i.busy.every((b) => !(s.start - before < b.end && b.start < s.end + after)));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'no slot needs a lock cell that a busy interval holds',
    () => {
      fc.assert(
        fc.property(input, (i) => {
          const { bufferBeforeMinutes: bb, bufferAfterMinutes: ba } = i.rules;
          const held = new Set(i.busy.flatMap((b) => lockCells(b.start, b.end, 0, 0)));
          return run(i).every((s) => lockCells(s.start, s.end, bb, ba).every((c) => !held.has(c)));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "a slot offered never shares a lock cell with a booking's cells, whatever buffers that booking was made with",
    () => {
      // Busy as the booking side stores it: each booking's occupied range, from its own buffers.
      const booking = fc.record({
        at: fc.integer({ min: -2 * 1440, max: 12 * 1440 }),
        length: fc.integer({ min: 1, max: 180 }),
        before: fc.constantFrom(0, 5, 10, 15, 30),
        after: fc.constantFrom(0, 5, 10, 15, 30),
      });
      fc.assert(
        fc.property(input, fc.array(booking, { maxLength: 20 }), (i, bookings) => {
          const anchor = i.query.now;
          const made = bookings.map((b) => ({
            start: anchor + b.at * MIN,
            end: anchor + (b.at + b.length) * MIN,
            before: b.before,
            after: b.after,
          }));
          const busy = made.map((b) => occupiedRange(b.start, b.end, b.before, b.after));
          const held = new Set(made.flatMap((b) => lockCells(b.start, b.end, b.before, b.after)));
          const withBookings = { ...i, busy };
          const slots = run(withBookings);
          expect(slots).toEqual(oracleSlots(withBookings));
          const { bufferBeforeMinutes: bb, bufferAfterMinutes: ba } = i.rules;
          return slots.every((s) => lockCells(s.start, s.end, bb, ba).every((c) => !held.has(c)));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    "busy time from the therapist's calendars blocks exactly as an appointment there would, but never counts towards the daily limit",
    () => {
      fc.assert(
        fc.property(input, fc.integer({ min: 0, max: 25 }), (i, split) => {
          // The same busy intervals, some moved from appointments to calendar busy time.
          const appointments = i.busy.slice(0, split);
          const calendar = i.busy.slice(split);
          const withCalendar = findFreeSlots(i.hours, i.overrides, i.breaks, appointments, i.rules, i.query, calendar);
          const noLimit = { ...i.rules, dailyLimit: null };
          // Blocking: where the limit cannot bite, moving intervals to the calendar changes nothing.
          expect(findFreeSlots(i.hours, i.overrides, i.breaks, appointments, noLimit, i.query, calendar)).toEqual(
            run({ ...i, rules: noLimit }),
          );
          // Counting: only appointments count, so the result is "what the appointments alone allow" minus what the calendar blocks.
          const appointmentsOnly = findFreeSlots(i.hours, i.overrides, i.breaks, appointments, i.rules, i.query);
          const unblocked = new Set(
            findFreeSlots(i.hours, i.overrides, i.breaks, i.busy, noLimit, i.query).map((s) => s.start),
          );
          expect(withCalendar).toEqual(appointmentsOnly.filter((s) => unblocked.has(s.start)));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'every slot lies inside working hours of its therapist-local day, on the local grid',
    () => {
      fc.assert(
        fc.property(input, (i) => {
          const zone = i.hours.timeZone;
          for (const s of run(i)) {
            const local = DateTime.fromMillis(s.start, { zone });
            const date = local.toISODate()!;
            expect(i.breaks.some((b) => b.start <= date && date <= b.end)).toBe(false);
            const override = [...i.overrides].reverse().find((o) => o.date === date);
            const weekday = DAYS[local.weekday - 1]!;
            const intervals = override ? override.intervals : (i.hours.weekly[weekday] ?? []);
            const m = (x: string) => (x === '24:00' ? 1440 : Number(x.slice(0, 2)) * 60 + Number(x.slice(3)));
            // Inside the union of the day's intervals as instants (documented DST rule).
            const spans = intervals
              .map(
                (iv) =>
                  [
                    resolveWall(zone, date, m(iv.start), 'earlier'),
                    resolveWall(zone, date, m(iv.end), 'later'),
                  ] as const,
              )
              .sort((a, b) => a[0] - b[0]);
            let covered = s.start;
            for (const [a, b] of spans) if (a <= covered && b > covered) covered = b;
            expect(covered).toBeGreaterThanOrEqual(s.end);
            expect((local.hour * 60 + local.minute) % (i.rules.gridMinutes ?? 15)).toBe(0);
            expect(local.second).toBe(0);
            expect(s.end - s.start).toBe(i.rules.durationMinutes * MIN);
          }
        }),
        { numRuns: 150 * SCALE },
      );
    },
    TIMEOUT,
  );

  it(
    'respects notice, horizon and the query window',
    () => {
      fc.assert(
        fc.property(input, (i) => {
          const { now, from, to } = i.query;
          const earliest = Math.max(from, now + i.rules.minimumNoticeMinutes * MIN);
          const horizon = now + i.rules.horizonDays * DAY;
          return run(i).every((s) => s.start >= earliest && s.start < horizon && s.end <= to);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'slots are sorted by start with unique starts',
    () => {
      fc.assert(
        fc.property(input, (i) => {
          const slots = run(i);
          return slots.every((s, k) => k === 0 || s.start > slots[k - 1]!.start);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'formatting in any zone names the same instants',
    () => {
      fc.assert(
        fc.property(input, fc.constantFrom(...FORMAT_ZONES), fc.constantFrom(...FORMAT_ZONES), (i, z1, z2) => {
          const slots = run(i);
          const step = Math.max(1, Math.floor(slots.length / 20)); // a spread of at most ~20 slots per run
          for (let k = 0; k < slots.length; k += step) {
            const s = slots[k]!;
            const a = formatSlot(s, z1);
            const b = formatSlot(s, z2);
            expect([Date.parse(a.start), Date.parse(a.end)]).toEqual([s.start, s.end]);
            expect([Date.parse(b.start), Date.parse(b.end)]).toEqual([s.start, s.end]);
          }
        }),
        { numRuns: 100 * SCALE },
      );
    },
    TIMEOUT,
  );
});

describe('DayExpander (the fast path) agrees with brute-force wall-clock resolution', () => {
  it(
    'for consecutive days in zones with awkward transitions',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...ZONES),
          fc.constantFrom(...ANCHORS),
          fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 30, 60, 90, 120, 150, 1440)),
          fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 30, 60, 90, 120, 150, 1440)),
          (zone, anchor, m1, m2) => {
            const exp = new DayExpander(new ZoneClock(zone));
            const first = anchor / DAY - 1;
            for (let day = first; day < first + 12; day++) {
              const date = new Date(day * DAY).toISOString().slice(0, 10);
              exp.begin(day);
              expect(exp.dayStart).toBe(resolveWall(zone, date, 0, 'earlier'));
              expect(exp.dayEnd).toBe(resolveWall(zone, date, 1440, 'later'));
              expect(exp.instant(m1, 'earlier')).toBe(
                Math.min(Math.max(resolveWall(zone, date, m1, 'earlier'), exp.dayStart), exp.dayEnd),
              );
              expect(exp.instant(m2, 'later')).toBe(
                Math.min(Math.max(resolveWall(zone, date, m2, 'later'), exp.dayStart), exp.dayEnd),
              );
            }
          },
        ),
        { numRuns: 300 * SCALE },
      );
    },
    TIMEOUT,
  );
});
