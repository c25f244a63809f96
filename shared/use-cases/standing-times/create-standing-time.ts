/**
 * The therapist sets a standing time for an active client (POST /me/clients/{clientId}/standing-times).
 *
 * Every coming date up to the therapist's booking horizon is either held (an ordinary confirmed
 * session booking, its lock cells, its reminders) or listed as needing the therapist's choice with
 * the reason. Never half a series:
 * - When the series and its held dates fit in one TransactWriteItems (≤ 100 items: a weekly series
 *   over the default 42-day horizon takes about 40), it is one all-or-nothing transaction.
 * - When they do not (a long horizon, long buffers), the series item is written `holding` in the
 *   first transaction and flipped to `active` in the last (its version condition makes the flip
 *   happen once), so anything reading a series knows whether all of it is written.
 * A date whose lock another booking took between the read and the write fails its transaction; that
 * date becomes "needs a choice" (reason booked) and the transaction is tried again without it, so two
 * standing times racing for one slot leave one holder and no 5xx.
 */
import { DateTime } from 'luxon';
import { RuleViolation, NotFound, StateConflict } from '#shared/domain/errors.js';
import {
  expandStanding,
  firstDate,
  minutesOf,
  seriesOverlap,
  type StandingEvery,
  type StandingTime,
} from '#shared/domain/standing-time.js';
import type { Weekday } from '#shared/domain/slots/types.js';
import { weekdayName } from '#shared/domain/weekly-hours-schema.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { maxTransactItems } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import { loadContext } from '../bookings/booking-context.js';
import { failedIndexes, onlyConflicts, writeBookingChange } from '../bookings/booking-write.js';
import type { UseCaseDeps } from '../deps.js';
import {
  extendTimerPut,
  heldBooking,
  holdWrites,
  horizonWindow,
  pack,
  planDates,
  type PlannedDate,
} from './hold-dates.js';
import { standingView, type StandingTimeView } from './standing-view.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far ahead two series of one client are compared for overlap. */
const overlapCheckDays = 366;

export interface CreateStandingTimeInput {
  therapistId: string;
  clientId: string;
  weekday: Weekday;
  time: string;
  every: StandingEvery;
  from: string;
  until?: string;
  count?: number;
  lengthMinutes?: number;
  now: Date;
}

export async function createStandingTime(deps: UseCaseDeps, input: CreateStandingTimeInput): Promise<StandingTimeView> {
  const { therapistId, clientId, now } = input;
  const [{ ctx, schedule }, client] = await Promise.all([
    loadContext(deps, therapistId, now),
    deps.store.clients.get(therapistId, clientId),
  ]);
  if (!client) throw new NotFound('client');
  if (client.status !== 'active')
    throw new RuleViolation(
      `${client.name} is ${client.status === 'paused' ? 'on a break' : 'no longer seeing you'}, so a regular time cannot be set for them. Resume them first.`,
      'clientId',
    );
  const zone = ctx.therapistZone;
  const practice = ctx.practice;

  const lengthMinutes = input.lengthMinutes ?? client.sessionLengthMinutes ?? practice.sessionLengthMinutes;
  const offered = [
    ...new Set([practice.sessionLengthMinutes, ...(client.sessionLengthMinutes ? [client.sessionLengthMinutes] : [])]),
  ];
  if (!offered.includes(lengthMinutes))
    throw new RuleViolation(
      `You offer sessions of ${offered.join(' or ')} minutes. Please choose one of those lengths.`,
      'lengthMinutes',
    );
  if (input.until !== undefined && input.count !== undefined)
    throw new RuleViolation(
      'Please end a regular time either on a date (until) or after a number of sessions (count), not both.',
      'count',
    );
  if (input.until !== undefined && input.until < input.from)
    throw new RuleViolation(
      'The last date comes before the first. Please choose a last date on or after the first.',
      'until',
    );
  checkWorkingHours(schedule, input.weekday, input.time, lengthMinutes);

  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  if (input.from < today)
    throw new RuleViolation(`The first date is in the past. Please choose today (${today}) or a later date.`, 'from');

  const window = horizonWindow(now, practice.horizonDays);
  const series: StandingTime = {
    standingTimeId: newId(now),
    therapistId,
    clientId,
    weekday: input.weekday,
    time: input.time,
    lengthMinutes,
    every: input.every,
    from: input.from,
    ...(input.until !== undefined ? { until: input.until } : {}),
    ...(input.count !== undefined ? { count: input.count } : {}),
    timeZone: zone,
    status: 'active',
    skipped: [],
    plannedUntil: new Date(window.to).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 0,
  };
  const first = expandStanding(series, zone, {
    from: Date.parse(`${firstDate(series)}T00:00:00Z`) - DAY_MS,
    to: Date.parse(`${firstDate(series)}T00:00:00Z`) + 2 * DAY_MS,
  })[0];
  if (!first)
    throw new RuleViolation(
      'This regular time ends before its first date. Please check the last date or the number of sessions.',
      'until',
    );
  if (first.start < now.getTime())
    throw new RuleViolation(
      `The first ${weekdayName(input.weekday)} at ${input.time} has already begun. Please start from a later date.`,
      'from',
    );

  // Read before the overlap check: a series of this client written after it moves the version on, and this one's write then fails.
  const ledger = { version: await deps.store.standingTimes.ledgerVersion(therapistId, clientId) };
  await assertNoOverlap(deps, series, now);
  const planned = await planDates(deps, series, ctx.therapist, schedule, window, now);
  const written = await writeSeries(
    deps,
    series,
    ledger,
    client,
    schedule,
    planned,
    () => confirmation(deps, ctx.therapist, series, client, planned, now),
    now,
  );
  return standingView(written, planned);
}

/**
 * The client's one confirmation, in the transaction that completes the series: the pattern and the
 * dates held (built again after a date is lost to a race). Its id is the series', so it can be
 * written once only. A series holding no date yet sends nothing: the therapist chooses first, and
 * the client hears the outcome.
 */
function confirmation(
  deps: UseCaseDeps,
  therapist: { therapistId: string; displayName: string },
  series: StandingTime,
  client: { name: string; email: string },
  planned: readonly PlannedDate[],
  now: Date,
): TransactItem[] {
  const held = planned.filter((d) => d.status === 'held');
  if (held.length === 0) return [];
  const message: OutboxMessage = {
    id: `standing-time-set_${series.standingTimeId}`,
    therapistId: therapist.therapistId,
    fromName: therapist.displayName,
    to: { email: client.email, name: client.name },
    template: 'standing-time-set',
    data: {
      clientName: client.name,
      therapistName: therapist.displayName,
      weekday: series.weekday,
      time: series.time,
      every: series.every,
      lengthMinutes: series.lengthMinutes,
      firstDate: firstDate(series),
      timeZone: series.timeZone,
      dates: held.map((d) => new Date(d.start).toISOString()),
    },
  };
  return [outboxPut(deps.store, message, now)];
}

function checkWorkingHours(schedule: StoredSchedule, weekday: Weekday, time: string, lengthMinutes: number): void {
  const start = minutesOf(time);
  const periods = schedule.hours?.weekly[weekday] ?? [];
  const fits = periods.some((p) => minutesOf(p.start) <= start && start + lengthMinutes <= minutesOf(p.end));
  if (fits) return;
  const shown = periods.map((p) => `${p.start}–${p.end}`).join(', ');
  throw new RuleViolation(
    periods.length === 0
      ? `You do not work on ${weekdayName(weekday)}s in your weekly hours. Please choose another day, or add hours for ${weekdayName(weekday)} first.`
      : `A ${lengthMinutes}-minute session at ${time} is outside your hours on ${weekdayName(weekday)}s (${shown}). Please choose a time inside them.`,
    'time',
  );
}

/** A client's two series may not meet: checked against every series of theirs still going, a year ahead. */
async function assertNoOverlap(deps: UseCaseDeps, series: StandingTime, now: Date): Promise<void> {
  const window = { from: now.getTime(), to: now.getTime() + overlapCheckDays * DAY_MS };
  const mine = expandStanding(series, series.timeZone, window);
  for (const other of await deps.store.standingTimes.list(series.therapistId, series.clientId)) {
    if (other.status === 'ended' || other.standingTimeId === series.standingTimeId) continue;
    const met = seriesOverlap(mine, expandStanding(other, other.timeZone, window));
    if (met)
      throw new RuleViolation(
        `This would meet their regular time on ${weekdayName(other.weekday)}s at ${other.time} (first on ${met.date}). Please choose another time, or change that one.`,
        'time',
      );
  }
}

interface Group {
  date: PlannedDate;
  items: TransactItem[];
}

/** The client's standing-time ledger version as read; moved on by every series of theirs written. */
interface Ledger {
  version: number | undefined;
}

/** Where the ledger item sits in the series' first transaction (after the series itself). */
const ledgerIndex = 1;

const rounds = 6;

/**
 * Writes the series and its held dates: one transaction when they fit, else `holding` first and
 * `active` last. Marks dates lost to a racing booking as needing a choice (in `planned`).
 */
async function writeSeries(
  deps: UseCaseDeps,
  series: StandingTime,
  ledger: Ledger,
  client: { name: string; email: string },
  schedule: StoredSchedule,
  planned: PlannedDate[],
  email: () => TransactItem[],
  now: Date,
): Promise<StandingTime> {
  const groups: Group[] = planned
    .filter((d) => d.status === 'held')
    .map((date) => ({ date, items: holdWrites(deps, heldBooking(series, client, schedule, date, now), now) }));
  // The sweep holds each later date as it comes inside the horizon (shared/use-cases/timers/standing-extend.ts).
  const timer = extendTimerPut(deps, series, schedule.settings.horizonDays, now);
  const bump = () => deps.store.standingTimes.ledgerBump(series.therapistId, series.clientId, ledger.version);
  const total = groups.reduce((n, g) => n + g.items.length, 3 + timer.length);
  if (total <= maxTransactItems) {
    await writeWithRetry(
      deps,
      series,
      () => [deps.store.standingTimes.create(series), bump(), ...timer, ...email()],
      groups,
      () => [],
      ledger,
    );
    return series;
  }
  const holding: StandingTime = { ...series, status: 'holding' };
  const chunks = pack(groups, maxTransactItems, 2, 2 + timer.length);
  for (let i = 0; i < chunks.length; i++) {
    const prefix = () => (i === 0 ? [deps.store.standingTimes.create(holding), bump()] : []);
    const suffix = () =>
      i === chunks.length - 1
        ? [deps.store.standingTimes.replace(holding, { ...series, updatedAt: now.toISOString() }), ...timer, ...email()]
        : [];
    await writeWithRetry(deps, series, prefix, chunks[i]!, suffix, i === 0 ? ledger : undefined);
  }
  return { ...series, version: 1 };
}

async function writeWithRetry(
  deps: UseCaseDeps,
  series: StandingTime,
  prefixOf: () => TransactItem[],
  groups: Group[],
  suffixOf: () => TransactItem[],
  /** In the transaction that writes the series (its item is second): a failure there is another series of this client. */
  ledger: Ledger | undefined,
): Promise<void> {
  let left = groups;
  for (let round = 1; ; round++) {
    const prefix = prefixOf();
    const suffix = suffixOf();
    const owners: (Group | undefined)[] = [
      ...prefix.map(() => undefined),
      ...left.flatMap((g) => g.items.map(() => g)),
      ...suffix.map(() => undefined),
    ];
    const items = [...prefix, ...left.flatMap((g) => g.items), ...suffix];
    try {
      await writeBookingChange(deps, items);
      return;
    } catch (error) {
      if (onlyConflicts(error) || round >= rounds)
        throw new StateConflict(
          'Your calendar is being changed right now. Please try setting this regular time again in a moment.',
        );
      const failed = failedIndexes(error);
      const ledgerMoved = ledger !== undefined && failed.includes(ledgerIndex);
      const lost = new Set(failed.map((i) => owners[i]).filter((g): g is Group => g !== undefined));
      if (lost.size === 0 && !ledgerMoved) throw error;
      for (const g of lost) Object.assign(g.date, { status: 'needs-choice', reason: 'booked' });
      left = left.filter((g) => !lost.has(g));
      if (ledger) {
        // Another series of this client, or a lost date that may be one: an overlap is refused, not a choice.
        await assertNoOverlap(deps, series, new Date(Date.parse(series.createdAt)));
        if (ledgerMoved)
          ledger.version = await deps.store.standingTimes.ledgerVersion(series.therapistId, series.clientId);
      }
    }
  }
}
