/**
 * The slot engine alone: 31 days, 200 busy intervals, Monday to Friday 09:00–17:00, 50-minute
 * sessions with 10-minute buffers on a 15-minute grid — quiet weeks and weeks across a clock change.
 */
import { findFreeSlots } from '#shared/domain/slots/index.js';
import type { BusyInterval, SlotRules, WeeklyHours } from '#shared/domain/slots/index.js';
import { summarise, type Summary } from './stats.js';

const MIN = 60_000;
const DAY = 1440 * MIN;

const monFri = (timeZone: string): WeeklyHours => {
  const day = [{ start: '09:00', end: '17:00' }];
  return { timeZone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
};

const rules: SlotRules = {
  durationMinutes: 50,
  bufferBeforeMinutes: 10,
  bufferAfterMinutes: 10,
  minimumNoticeMinutes: 24 * 60,
  horizonDays: 60,
  dailyLimit: 8,
  gridMinutes: 15,
};

/** Busy intervals spread over the window (a fixed LCG), unsorted as a store query might return them. */
function busyIn(from: number, count: number): BusyInterval[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => {
    const start = from + Math.floor(rand() * 31) * DAY + (8 * 60 + Math.floor(rand() * 40) * 15) * MIN; // 08:00–17:45 UTC
    return { start, end: start + 50 * MIN };
  });
}

function scenario(zone: string, fromIso: string, ruleSet: SlotRules = rules): () => number {
  const from = Date.parse(fromIso);
  const query = { from, to: from + 31 * DAY, now: from - 2 * DAY };
  const busy = busyIn(from, 200);
  const hours = monFri(zone);
  return () => findFreeSlots(hours, [], [], busy, ruleSet, query).length;
}

export const slotScenarios: Record<string, () => number> = {
  'London, January': scenario('Europe/London', '2026-01-05T00:00:00Z'),
  'London, across 2026-03-29': scenario('Europe/London', '2026-03-16T00:00:00Z'),
  'New York, across 2026-11-01': scenario('America/New_York', '2026-10-19T00:00:00Z'),
  'London, January, no daily limit': scenario('Europe/London', '2026-01-05T00:00:00Z', { ...rules, dailyLimit: null }),
};

export interface SlotEngineResult {
  label: string;
  slots: number;
  /** Microseconds per call. */
  us: Summary;
}

/** Each scenario for about `ms` milliseconds after a short warm-up; per-call times in µs. */
export function measureSlotEngine(ms: number): SlotEngineResult[] {
  return Object.entries(slotScenarios).map(([label, call]) => {
    let slots = 0;
    for (let i = 0; i < 200; i++) slots = call();
    const times: number[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until) {
      const t = performance.now();
      slots = call();
      times.push((performance.now() - t) * 1000);
    }
    return { label, slots, us: summarise(times) };
  });
}
