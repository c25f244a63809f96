/**
 * Reading a busy calendar (shared/calendars/busy-times.ts) of 2,500, 10,000 and 20,000 events, as
 * Outlook writes a busy one: mostly single meetings in "GMT Standard Time" with its VTIMEZONE, some
 * weekly series with moved instances, some all-day events. Each size is read in a fresh process
 * (forked, so its peak memory is its own), a few times; the first read is reported apart (cold).
 */
import { fork } from 'node:child_process';
import { busyTimesFrom } from '#shared/calendars/busy-times.js';
import { summarise, type Summary } from './stats.js';

export const calendarSizes = [2_500, 10_000, 20_000];

export interface CalendarReadResult {
  events: number;
  bytes: number;
  busyTimes: number;
  firstMs: number;
  ms: Summary;
  /** User + system CPU of the reads after the first: steadier than wall time on a busy machine. */
  cpuMs: Summary;
  maxRssMb: number;
}

const zone = [
  'BEGIN:VTIMEZONE',
  'TZID:GMT Standard Time',
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
];

const pad = (n: number) => String(n).padStart(2, '0');

/** `count` events over 2025-2026 (a fixed pattern, so every run reads the same file). */
export function busyCalendarText(count: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
    ...zone,
  ];
  const tz = ';TZID=GMT Standard Time';
  for (let i = 0; i < count; i++) {
    const year = 2025 + (i % 2);
    const month = 1 + (i % 12);
    const day = 1 + (Math.floor(i / 12) % 28);
    const hour = 8 + (i % 9);
    const date = `${year}${pad(month)}${pad(day)}`;
    const body = [
      'SUMMARY:Busy',
      'DESCRIPTION:Private',
      'LOCATION:Room 3',
      'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
      'DTSTAMP:20250101T000000Z',
    ];
    if (i % 20 === 0) {
      // A weekly series with its moved instance.
      lines.push(
        'BEGIN:VEVENT',
        `UID:series-${i}`,
        `DTSTART${tz}:${date}T${pad(hour)}0000`,
        `DTEND${tz}:${date}T${pad(hour)}3000`,
        'RRULE:FREQ=WEEKLY;COUNT=20',
        ...body,
        'END:VEVENT',
      );
      const moved = new Date(Date.UTC(year, month - 1, day + 14));
      const rid = `${moved.getUTCFullYear()}${pad(moved.getUTCMonth() + 1)}${pad(moved.getUTCDate())}`;
      lines.push(
        'BEGIN:VEVENT',
        `UID:series-${i}`,
        `RECURRENCE-ID${tz}:${rid}T${pad(hour)}0000`,
        `DTSTART${tz}:${rid}T${pad(hour + 1)}0000`,
        `DTEND${tz}:${rid}T${pad(hour + 1)}3000`,
        ...body,
        'END:VEVENT',
      );
      i++;
    } else if (i % 25 === 0) {
      lines.push('BEGIN:VEVENT', `UID:day-${i}`, `DTSTART;VALUE=DATE:${date}`, ...body, 'END:VEVENT');
    } else {
      lines.push(
        'BEGIN:VEVENT',
        `UID:one-${i}`,
        `DTSTART${tz}:${date}T${pad(hour)}0000`,
        `DTEND${tz}:${date}T${pad(hour)}4500`,
        ...body,
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** The sync's window for a 60-day horizon, from 1 March 2026. */
const window = {
  from: Date.parse('2026-03-01T00:00:00Z'),
  to: Date.parse('2026-05-01T00:00:00Z'),
  zone: 'Europe/London',
  maxIntervals: 100_000,
};

function readOnce(count: number, rounds: number): CalendarReadResult {
  const text = busyCalendarText(count);
  const times: number[] = [];
  const cpu: number[] = [];
  let busyTimes = 0;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    busyTimes = busyTimesFrom(text, window).intervals.length;
    const used = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    events: count,
    bytes: Buffer.byteLength(text),
    busyTimes,
    firstMs: times[0]!,
    ms: summarise(times.slice(1)),
    cpuMs: summarise(cpu.slice(1)),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Each size in its own process. */
export async function measureCalendarReads(rounds = 4): Promise<CalendarReadResult[]> {
  const results: CalendarReadResult[] = [];
  for (const count of calendarSizes)
    results.push(
      await new Promise<CalendarReadResult>((resolve, reject) => {
        const child = fork(new URL(import.meta.url), [String(count), String(rounds)], {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        let result: CalendarReadResult | undefined;
        child.on('message', (m) => (result = m as CalendarReadResult));
        child.on('exit', (code) =>
          result ? resolve(result) : reject(new Error(`The calendar read bench exited with ${code}`)),
        );
      }),
    );
  return results;
}

if (process.send && process.argv[2]) {
  process.send(readOnce(Number(process.argv[2]), Number(process.argv[3] ?? 4)));
  process.disconnect();
}
