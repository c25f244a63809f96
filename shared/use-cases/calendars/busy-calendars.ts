/**
 * GET/PUT /me/busy-calendars: the therapist's own calendars (Google's secret address, iCloud, Outlook)
 * whose busy times block slots. A PUT replaces the list: a calendar whose address is unchanged keeps its
 * busy times and sync state (only its label or place moves); a new address is read at once (its item's
 * INSERT reaches the sync function) and then every 15 minutes; a removed one stops blocking at once.
 */
import { isIP } from 'node:net';
import { normaliseCalendarUrl } from '#shared/calendars/calendar-fetch.js';
import { calendarProblemMessage, type CalendarProblemCode } from '#shared/calendars/calendar-problem.js';
import { classifyAddress } from '#shared/calendars/public-address.js';
import { RuleViolation, StateConflict } from '#shared/domain/errors.js';
import { newId } from '#shared/ids.js';
import type { BusyCalendarSource, StoredBusyCalendar } from '#shared/store/busy-calendars.js';
import { failedConditionIndex, isConditionFailure, maxBusyCalendars } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';

export interface BusyCalendarView {
  calendarId: string;
  label: string;
  url: string;
  /** waiting: not read yet; ok: the last read worked; failing: the last read did not (its busy times stay). */
  status: 'waiting' | 'ok' | 'failing';
  /** Busy times found in the booking window by the last good read. */
  busyTimes: number;
  /** When a read last worked. */
  lastSyncedAt?: string;
  lastAttemptAt?: string;
  nextSyncAt: string;
  problem?: { code: CalendarProblemCode; message: string };
}

export function busyCalendarView(c: StoredBusyCalendar): BusyCalendarView {
  return {
    calendarId: c.calendarId,
    label: c.label,
    url: c.url,
    status: c.problem ? 'failing' : c.lastSyncedAt ? 'ok' : 'waiting',
    busyTimes: c.busy.length,
    ...(c.lastSyncedAt ? { lastSyncedAt: c.lastSyncedAt } : {}),
    ...(c.lastAttemptAt ? { lastAttemptAt: c.lastAttemptAt } : {}),
    nextSyncAt: c.dueAt,
    ...(c.problem
      ? { problem: { code: c.problem.code, message: calendarProblemMessage(c.problem.code, c.problem.httpStatus) } }
      : {}),
  };
}

export async function readBusyCalendars(deps: UseCaseDeps, therapistId: string): Promise<BusyCalendarView[]> {
  return (await deps.store.busyCalendars.list(therapistId)).map(busyCalendarView);
}

/**
 * What the edge cannot know: which schemes and hosts this deployment reads. The sync checks every
 * address again after resolving it; this only turns an address that can never work into a 400 now.
 */
function checkedSources(sources: readonly BusyCalendarSource[], allowLoopback: boolean): BusyCalendarSource[] {
  const seen = new Map<string, number>();
  return sources.map((source, i) => {
    const path = `${i}.url`;
    const normalised = normaliseCalendarUrl(source.url);
    let url: URL;
    try {
      url = new URL(normalised);
    } catch {
      throw new RuleViolation('Give the calendar’s full address, starting with https://.', path);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowLoopback))
      throw new RuleViolation('Use the calendar’s https:// (or webcal://) address.', path);
    if (url.username || url.password)
      throw new RuleViolation(
        'Remove the user name and password from the address: a calendar’s secret address needs neither.',
        path,
      );
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const literal = isIP(host) === 0 ? undefined : classifyAddress(host);
    const isLoopbackName = host === 'localhost' || host.endsWith('.localhost');
    if (literal === 'refused' || ((literal === 'loopback' || isLoopbackName) && !allowLoopback))
      throw new RuleViolation(
        'This address points into a private network. Use the calendar’s public address (in Google Calendar: “Secret address in iCal format”).',
        path,
      );
    const twice = seen.get(url.href);
    if (twice !== undefined)
      throw new RuleViolation(`This calendar is already in the list (number ${twice + 1}).`, path);
    seen.set(url.href, i);
    return { label: source.label, url: url.href };
  });
}

const maxAttempts = 3;

export async function replaceBusyCalendars(
  deps: UseCaseDeps,
  therapistId: string,
  sources: readonly BusyCalendarSource[],
  now: Date,
): Promise<BusyCalendarView[]> {
  const { config } = deps;
  if (sources.length > maxBusyCalendars)
    throw new RuleViolation(`Add at most ${maxBusyCalendars} calendars.`, '(body)');
  const wanted = checkedSources(sources, config.calendarFetchAllowsLoopback);
  for (let attempt = 1; ; attempt++) {
    const [current, ledgerVersion] = await Promise.all([
      deps.store.busyCalendars.list(therapistId),
      deps.store.busyCalendars.ledger(therapistId),
    ]);
    const byUrl = new Map(current.map((c) => [c.url, c]));
    const added: { calendarId: string; source: BusyCalendarSource; position: number }[] = [];
    const kept: { calendarId: string; label: string; position: number }[] = [];
    wanted.forEach((source, position) => {
      const existing = byUrl.get(source.url);
      if (existing) kept.push({ calendarId: existing.calendarId, label: source.label, position });
      else added.push({ calendarId: newId(now), source, position });
    });
    const keptIds = new Set(kept.map((k) => k.calendarId));
    const removed = current.filter((c) => !keptIds.has(c.calendarId)).map((c) => c.calendarId);
    try {
      await deps.store.transact(
        deps.store.busyCalendars.changes({
          therapistId,
          ledgerVersion,
          added,
          kept,
          removed,
          now,
          shards: config.settings.timerShards,
        }),
      );
      return readBusyCalendars(deps, therapistId);
    } catch (error) {
      // Index 0 is the ledger: another change to the list got in first. Read again and apply this one over it.
      if (!(isConditionFailure(error) && failedConditionIndex(error) === 0)) throw error;
      if (attempt >= maxAttempts)
        throw new StateConflict(
          'Your calendars are being changed elsewhere just now. Please look at them again and save once more.',
        );
    }
  }
}
