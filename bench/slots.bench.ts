/**
 * Slot engine benchmark: `npx vitest bench --run --project unit bench/slots.bench.ts`
 * (without --project it also runs under the integration project, which starts the emulators).
 * Reference case from the brief: 31 days, 200 busy intervals, Mon–Fri 09:00–17:00,
 * 50-minute sessions, 10-minute buffers, 15-minute grid.
 */
import { bench, describe } from 'vitest';
import { findFreeSlots } from '../shared/domain/slots/index.js';
import type { BusyInterval, SlotRules, WeeklyHours } from '../shared/domain/slots/index.js';

const MIN = 60_000;
const DAY = 1440 * MIN;

function monFri(timeZone: string): WeeklyHours {
  const day = [{ start: '09:00', end: '17:00' }];
  return { timeZone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
}

const rules: SlotRules = {
  durationMinutes: 50,
  bufferBeforeMinutes: 10,
  bufferAfterMinutes: 10,
  minimumNoticeMinutes: 24 * 60,
  horizonDays: 60,
  dailyLimit: 8,
  gridMinutes: 15,
};

/** 200 busy intervals spread over the window (deterministic LCG), unsorted like a store query might return. */
function busyIn(from: number, count: number): BusyInterval[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out: BusyInterval[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor(rand() * 31);
    const minute = 8 * 60 + Math.floor(rand() * 40) * 15; // 08:00 – 17:45 UTC
    const start = from + day * DAY + minute * MIN;
    out.push({ start, end: start + 50 * MIN });
  }
  return out;
}

let sink = 0;

function scenario(zone: string, fromIso: string) {
  const from = Date.parse(fromIso);
  const query = { from, to: from + 31 * DAY, now: from - 2 * DAY };
  const busy = busyIn(from, 200);
  const hours = monFri(zone);
  const call = () => findFreeSlots(hours, [], [], busy, rules, query);
  const run = () => {
    sink += call().length; // keep the result alive
  };
  return { run, count: call().length };
}

const quiet = scenario('Europe/London', '2026-01-05T00:00:00Z');
const acrossDst = scenario('Europe/London', '2026-03-16T00:00:00Z'); // includes 2026-03-29
const newYork = scenario('America/New_York', '2026-10-19T00:00:00Z'); // includes 2026-11-01
const noLimit = (() => {
  const from = Date.parse('2026-01-05T00:00:00Z');
  const query = { from, to: from + 31 * DAY, now: from - 2 * DAY };
  const busy = busyIn(from, 200);
  const hours = monFri('Europe/London');
  const noLimitRules = { ...rules, dailyLimit: null };
  return () => {
    sink += findFreeSlots(hours, [], [], busy, noLimitRules, query).length;
  };
})();

describe(`findFreeSlots, 31 days, 200 busy (${quiet.count} / ${acrossDst.count} / ${newYork.count} slots)`, () => {
  bench('London, January', quiet.run, { time: 1000 });
  bench('London, across 2026-03-29', acrossDst.run, { time: 1000 });
  bench('New York, across 2026-11-01', newYork.run, { time: 1000 });
  bench('London, January, no daily limit', noLimit, { time: 1000 });
});
