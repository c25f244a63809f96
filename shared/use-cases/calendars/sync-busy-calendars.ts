/**
 * Reading therapists' busy calendars: every 15 minutes for those due, and at once for one just saved.
 * Each calendar is claimed (so two runs never read it twice) with its attempt marked failed and
 * backed off before anything is fetched (so a read that takes the function down has counted),
 * fetched through the `readCalendar` port (the SSRF-safe fetch in AWS), turned into busy intervals
 * over the therapist's booking window, and written back under its claim. A calendar that fails keeps
 * the busy times of its last good read, says why and when it last worked, and is tried again later
 * and later (15 minutes, doubling, at most six hours apart).
 *
 * One calendar's trouble never holds up another's: calendars go in batches, fetched together (waiting
 * on the network) and then read one at a time (reading is CPU, and a read running while other fetches
 * are in flight would spend their deadlines), each read within its own budget (busy-times.ts) and the
 * time the invocation has left; a calendar claimed but left without time to read is given back, due
 * at once, its state as before.
 */
import { randomUUID } from 'node:crypto';
import { busyTimesFrom } from '#shared/calendars/busy-times.js';
import { defaultMaxReadMs } from '#shared/calendars/read-budget.js';
import { CalendarProblem, type CalendarProblemCode } from '#shared/calendars/calendar-problem.js';
import type { DueCalendar, StoredBusyCalendar, SyncResult } from '#shared/store/busy-calendars.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone } from '../scheduling/therapist-zone.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** The schedule runs every 15 minutes; a calendar read now is due a little before the run after next would miss it. */
export const syncEveryMs = 15 * MINUTE_MS;
const earlyMs = 2 * MINUTE_MS;
const maxBackoffMs = 6 * 60 * MINUTE_MS;
/** Longer than one invocation: a claimed calendar is not due again before this, whatever its backoff. */
const leaseMs = 10 * MINUTE_MS;
/** Calendars fetched together. */
const batchSize = 8;
/** Time one more batch needs to start (the fetch deadline, a read, the writes); below it a run stops taking new ones. */
const reserveMs = 15_000;
/** Kept back from a read for the writes after it. */
const writeReserveMs = 3_000;
/** Less time than this left for a read, and the calendar is given back unread. */
const minReadMs = 500;
/** What a calendar whose read never wrote a result is told (from its next claim): the read did not end. */
const interrupted = { code: 'too-complex' } as const;

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
export async function syncDueBusyCalendars(
  deps: UseCaseDeps,
  now: Date,
  readCalendar: ReadCalendar,
  options: SyncOptions = {},
): Promise<SyncSummary> {
  const due: DueCalendar[] = [];
  for await (const calendar of deps.store.busyCalendars.due(now, deps.config.settings.timerShards)) due.push(calendar);
  return syncCalendars(deps, due, now, readCalendar, options);
}

/** At once on save: the calendars just added, each as it was written (a scheduled run may have claimed it already). */
export const syncSavedBusyCalendars = (
  deps: UseCaseDeps,
  saved: DueCalendar[],
  now: Date,
  readCalendar: ReadCalendar,
  options: SyncOptions = {},
): Promise<SyncSummary> => syncCalendars(deps, saved, now, readCalendar, options);

interface Window {
  from: number;
  to: number;
  zone: string;
}

async function syncCalendars(
  deps: UseCaseDeps,
  targets: DueCalendar[],
  now: Date,
  readCalendar: ReadCalendar,
  options: SyncOptions,
): Promise<SyncSummary> {
  const schedules = new Map<string, Promise<{ schedule: StoredSchedule; window: Window }>>();
  const scheduleOf = (therapistId: string) => {
    let loaded = schedules.get(therapistId);
    if (!loaded) {
      loaded = (async () => {
        const schedule = await deps.store.scheduling.load(therapistId, now);
        const profile = schedule.hours ? undefined : await deps.store.therapists.get(therapistId);
        // Busy times matter from now to the end of the booking horizon; a day either side lets the
        // buffers and the daily view at the edges see them.
        const window = {
          from: now.getTime() - DAY_MS,
          to: now.getTime() + (schedule.settings.horizonDays + 1) * DAY_MS,
          zone: therapistZone(schedule.hours, profile),
        };
        return { schedule, window };
      })();
      schedules.set(therapistId, loaded);
    }
    return loaded;
  };

  type Fetched =
    | { kind: 'done'; outcome: SyncOutcome }
    | { kind: 'fetched'; calendar: StoredBusyCalendar; window: Window; claim: string; text?: string; error?: unknown };
  const ids = (t: { therapistId: string; calendarId: string }) => ({
    therapistId: t.therapistId,
    calendarId: t.calendarId,
  });
  // The table could not be read or written: this calendar stays due (or claimed until its backoff
  // ends) and is tried again; the others go on.
  const tableTrouble = (target: DueCalendar, error: unknown): SyncOutcome => ({
    ...ids(target),
    outcome: 'failed',
    error: error instanceof Error ? error.name : typeof error,
  });

  async function claimAndFetch(target: DueCalendar): Promise<Fetched> {
    const skipped: Fetched = { kind: 'done', outcome: { ...ids(target), outcome: 'skipped' } };
    const { schedule, window } = await scheduleOf(target.therapistId);
    const calendar = schedule.busyCalendars.find((c) => c.calendarId === target.calendarId);
    // Removed, or claimed or read by another run since it was found due.
    if (!calendar || calendar.syncKey !== target.syncKey) return skipped;
    const claim = randomUUID();
    const failures = calendar.failures + 1;
    const nextDue = new Date(Math.max(nextDueAfterFailure(now, failures).getTime(), now.getTime() + leaseMs));
    // Still marked from the last claim: that attempt never ended, and says so from now on.
    const shown = calendar.interrupted ? { shown: calendar.interrupted } : {};
    if (
      !(await deps.store.busyCalendars.claim(
        calendar,
        claim,
        { at: now, failures, problem: interrupted, nextDue, ...shown },
        deps.config.settings.timerShards,
      ))
    )
      return skipped;
    try {
      return { kind: 'fetched', calendar, window, claim, text: await readCalendar(calendar.url) };
    } catch (error) {
      return { kind: 'fetched', calendar, window, claim, error };
    }
  }

  async function readAndRecord(f: Extract<Fetched, { kind: 'fetched' }>): Promise<SyncOutcome> {
    const shards = deps.config.settings.timerShards;
    const { calendar, window, claim } = f;
    const here = ids(calendar);
    const readMs = Math.min(defaultMaxReadMs, (options.timeLeft?.() ?? Number.POSITIVE_INFINITY) - writeReserveMs);
    if (f.text !== undefined && readMs < minReadMs) {
      await deps.store.busyCalendars.release(calendar, claim, now, shards);
      return { ...here, outcome: 'skipped' };
    }
    let result: SyncResult;
    let outcome: SyncOutcome;
    try {
      if (f.text === undefined) throw f.error;
      const found = busyTimesFrom(f.text, { ...window, maxMs: readMs });
      result = {
        kind: 'read',
        busy: found.intervals,
        at: now,
        nextDue: new Date(now.getTime() + syncEveryMs - earlyMs),
      };
      outcome = {
        ...here,
        outcome: 'read',
        busyTimes: found.intervals.length,
        ...(found.skipped ? { unreadableEvents: found.skipped } : {}),
      };
    } catch (error) {
      const failures = calendar.failures + 1;
      // Not a calendar problem is a fault of ours: the therapist is told it could not be read, and the log names the error.
      const problem = error instanceof CalendarProblem ? error : undefined;
      const code: CalendarProblemCode = problem?.code ?? 'not-calendar';
      result = {
        kind: 'failed',
        problem: { code, ...(problem?.httpStatus ? { httpStatus: problem.httpStatus } : {}) },
        failures,
        at: now,
        nextDue: nextDueAfterFailure(now, failures),
      };
      outcome = {
        ...here,
        outcome: 'failed',
        code,
        failures,
        ...(problem?.httpStatus ? { httpStatus: problem.httpStatus } : {}),
        ...(problem ? {} : { error: error instanceof Error ? error.name : typeof error }),
      };
    }
    if (!(await deps.store.busyCalendars.recordSync(calendar, claim, result, shards)))
      return { ...here, outcome: 'skipped' };
    return outcome;
  }

  const outcomes: SyncOutcome[] = [];
  for (let start = 0; start < targets.length; start += batchSize) {
    const batch = targets.slice(start, start + batchSize);
    if (options.timeLeft && options.timeLeft() < reserveMs) {
      for (const target of targets.slice(start)) outcomes.push({ ...ids(target), outcome: 'skipped' });
      break;
    }
    const fetched = await Promise.all(
      batch.map((target) =>
        claimAndFetch(target).catch(
          (error: unknown): Fetched => ({ kind: 'done', outcome: tableTrouble(target, error) }),
        ),
      ),
    );
    for (const [i, f] of fetched.entries()) {
      if (f.kind === 'done') outcomes.push(f.outcome);
      else outcomes.push(await readAndRecord(f).catch((error: unknown) => tableTrouble(batch[i]!, error)));
    }
  }
  return {
    read: outcomes.filter((o) => o.outcome === 'read').length,
    failed: outcomes.filter((o) => o.outcome === 'failed').length,
    skipped: outcomes.filter((o) => o.outcome === 'skipped').length,
    outcomes,
  };
}
