/**
 * Reading therapists' busy calendars: every 15 minutes for those due, and at once for one just saved.
 * Each calendar is claimed (so two runs never read it twice), read through the `readCalendar` port
 * (the SSRF-safe fetch in AWS), turned into busy intervals over the therapist's booking window, and
 * written back under its claim. A calendar that fails keeps the busy times of its last good read, says
 * why and when it last worked, and is tried again later and later (15 minutes, doubling, at most six
 * hours apart); one calendar's trouble never holds up another's.
 */
import { randomUUID } from 'node:crypto';
import { busyTimesFrom } from '../../calendars/busy-times.js';
import { CalendarProblem, type CalendarProblemCode } from '../../calendars/calendar-problem.js';
import type { DueCalendar, StoredBusyCalendar, SyncResult } from '../../store/busy-calendars.js';
import type { StoredSchedule } from '../../store/scheduling.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone } from '../scheduling/therapist-zone.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** The schedule runs every 15 minutes; a calendar read now is due a little before the run after next would miss it. */
export const syncEveryMs = 15 * MINUTE_MS;
const earlyMs = 2 * MINUTE_MS;
const maxBackoffMs = 6 * 60 * MINUTE_MS;
/** Longer than one read can take: a run that dies mid-read leaves its calendars to the next run after this. */
const leaseMs = 10 * MINUTE_MS;
const concurrency = 8;
/** Time one more calendar needs (the fetch deadline and the writes); below it a run stops taking new ones. */
const reserveMs = 15_000;

/** The calendar's text, or a CalendarProblem. */
export type ReadCalendar = (url: string) => Promise<string>;

export interface SyncOutcome {
  therapistId: string;
  calendarId: string;
  outcome: 'read' | 'failed' | 'skipped';
  code?: CalendarProblemCode;
  httpStatus?: number;
  /** Failed reads in a row, after this one. */
  failures?: number;
  busyTimes?: number;
  /** Events the parser could not read and left out. */
  unreadableEvents?: number;
  /** The name of an error that was not a calendar problem (a fault of ours), for the log. */
  error?: string;
}

export interface SyncSummary {
  read: number;
  failed: number;
  skipped: number;
  outcomes: SyncOutcome[];
}

export interface SyncOptions {
  /** Milliseconds the invocation has left (Lambda's context); unlimited when absent. */
  timeLeft?: () => number;
}

export function nextDueAfterFailure(now: Date, failures: number): Date {
  const wait = Math.min(syncEveryMs * 2 ** Math.max(0, failures - 1), maxBackoffMs);
  return new Date(now.getTime() + wait - earlyMs);
}

/** The scheduled run: every calendar due by `now`. */
export async function syncDueBusyCalendars(deps: UseCaseDeps, now: Date, readCalendar: ReadCalendar, options: SyncOptions = {}): Promise<SyncSummary> {
  const due: DueCalendar[] = [];
  for await (const calendar of deps.store.busyCalendars.due(now, deps.config.settings.timerShards)) due.push(calendar);
  return syncCalendars(deps, due, now, readCalendar, options);
}

/** At once on save: the calendars just added, each as it was written (a scheduled run may have claimed it already). */
export const syncSavedBusyCalendars = (deps: UseCaseDeps, saved: DueCalendar[], now: Date, readCalendar: ReadCalendar, options: SyncOptions = {}): Promise<SyncSummary> =>
  syncCalendars(deps, saved, now, readCalendar, options);

interface Window {
  from: number;
  to: number;
  zone: string;
}

async function syncCalendars(deps: UseCaseDeps, targets: DueCalendar[], now: Date, readCalendar: ReadCalendar, options: SyncOptions): Promise<SyncSummary> {
  const schedules = new Map<string, Promise<{ schedule: StoredSchedule; window: Window }>>();
  const scheduleOf = (therapistId: string) => {
    let loaded = schedules.get(therapistId);
    if (!loaded) {
      loaded = (async () => {
        const schedule = await deps.store.scheduling.load(therapistId, now);
        const profile = schedule.hours ? undefined : await deps.store.therapists.get(therapistId);
        // Busy times matter from now to the end of the booking horizon; a day either side lets the
        // buffers and the daily view at the edges see them.
        const window = { from: now.getTime() - DAY_MS, to: now.getTime() + (schedule.settings.horizonDays + 1) * DAY_MS, zone: therapistZone(schedule.hours, profile) };
        return { schedule, window };
      })();
      schedules.set(therapistId, loaded);
    }
    return loaded;
  };

  const outcomes: SyncOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++]!;
      try {
        outcomes.push(await syncOne(target));
      } catch (error) {
        // The table could not be read or written: this calendar stays due (or claimed until its
        // lease ends) and is tried again; the others go on.
        outcomes.push({ therapistId: target.therapistId, calendarId: target.calendarId, outcome: 'failed', error: error instanceof Error ? error.name : typeof error });
      }
    }
  };

  async function syncOne(target: DueCalendar): Promise<SyncOutcome> {
    const skipped: SyncOutcome = { therapistId: target.therapistId, calendarId: target.calendarId, outcome: 'skipped' };
    if (options.timeLeft && options.timeLeft() < reserveMs) return skipped;
    const { schedule, window } = await scheduleOf(target.therapistId);
    const calendar = schedule.busyCalendars.find((c) => c.calendarId === target.calendarId);
    // Removed, or claimed or read by another run since it was found due.
    if (!calendar || calendar.syncKey !== target.syncKey) return skipped;
    return readAndRecord(calendar, window);
  }

  async function readAndRecord(calendar: StoredBusyCalendar, window: Window): Promise<SyncOutcome> {
    const { config } = deps;
    const shards = config.settings.timerShards;
    const claim = randomUUID();
    const ids = { therapistId: calendar.therapistId, calendarId: calendar.calendarId };
    if (!(await deps.store.busyCalendars.claim(calendar, claim, new Date(now.getTime() + leaseMs), shards))) return { ...ids, outcome: 'skipped' };

    let result: SyncResult;
    let outcome: SyncOutcome;
    try {
      const found = busyTimesFrom(await readCalendar(calendar.url), window);
      result = { kind: 'read', busy: found.intervals, at: now, nextDue: new Date(now.getTime() + syncEveryMs - earlyMs) };
      outcome = { ...ids, outcome: 'read', busyTimes: found.intervals.length, ...(found.skipped ? { unreadableEvents: found.skipped } : {}) };
    } catch (error) {
      const failures = calendar.failures + 1;
      // Not a calendar problem is a fault of ours: the therapist is told it could not be read, and the log names the error.
      const problem = error instanceof CalendarProblem ? error : undefined;
      const code: CalendarProblemCode = problem?.code ?? 'not-calendar';
      result = { kind: 'failed', problem: { code, ...(problem?.httpStatus ? { httpStatus: problem.httpStatus } : {}) }, failures, at: now, nextDue: nextDueAfterFailure(now, failures) };
      outcome = { ...ids, outcome: 'failed', code, failures, ...(problem?.httpStatus ? { httpStatus: problem.httpStatus } : {}), ...(problem ? {} : { error: error instanceof Error ? error.name : typeof error }) };
    }
    if (!(await deps.store.busyCalendars.recordSync(calendar, claim, result, shards))) return { ...ids, outcome: 'skipped' };
    return outcome;
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return {
    read: outcomes.filter((o) => o.outcome === 'read').length,
    failed: outcomes.filter((o) => o.outcome === 'failed').length,
    skipped: outcomes.filter((o) => o.outcome === 'skipped').length,
    outcomes,
  };
}
