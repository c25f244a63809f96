/**
 * `standing-extend`: a standing time's next date has come inside the therapist's booking horizon, so
 * it is held now (or listed as needing a choice when it cannot be, as when the series was set).
 *
 * One transaction: the timer's fire first (two overlapping sweeps: the loser fails at index 0 and
 * skips), the series moved on (`plannedUntil`, version-guarded), each date's booking, cells and
 * reminders (deterministic booking ids: a date can never be written twice), and the next timer. A
 * date whose lock another booking took meanwhile is dropped and the rest tried again; the series
 * changed meanwhile (a skip) is a conflict the sweep runs again after a moment. Dates per firing are
 * capped to fit one transaction; the next timer is then due at once for the rest.
 */
import { NotFound } from '#shared/domain/errors.js';
import type { StandingTime } from '#shared/domain/standing-time.js';
import { failedConditionIndex, isConditionFailure, maxTransactItems } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { TimerItem } from '#shared/store/timers.js';
import { loadContext } from '../bookings/booking-context.js';
import type { UseCaseDeps } from '../deps.js';
import { extendTimerPut, heldBooking, holdWrites, horizonWindow, planDates } from '../standing-times/hold-dates.js';
import { fireItem, retire, type TimerOutcome } from './fire.js';

const rounds = 6;

export async function fireStandingExtend(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const [standingTimeId = '', from = ''] = timer.subjectId.split('#');
  const [series, client] = await deps.store.standingTimes
    .get(timer.therapistId, standingTimeId)
    .then(async (s) => [s, s ? await deps.store.clients.get(s.therapistId, s.clientId) : undefined] as const);
  // Ended, or already extended from elsewhere: nothing to hold. A client no longer active is held no further dates.
  if (
    !series ||
    series.status !== 'active' ||
    String(Date.parse(series.plannedUntil)) !== from ||
    !client ||
    client.status !== 'active'
  )
    return retire(deps, timer, now);

  let loaded;
  try {
    loaded = await loadContext(deps, series.therapistId, now);
  } catch (error) {
    if (error instanceof NotFound) return retire(deps, timer, now);
    throw error;
  }
  const { ctx, schedule } = loaded;
  const horizon = horizonWindow(now, ctx.practice.horizonDays);
  const window = { from: Date.parse(series.plannedUntil), to: horizon.to };
  if (window.to <= window.from) return retire(deps, timer, now);

  const planned = await planDates(deps, series, ctx.therapist, schedule, window, now);
  let held = planned
    .filter((d) => d.status === 'held')
    .map((d) => ({ date: d, items: holdWrites(deps, heldBooking(series, client, schedule, d, now), now) }));

  // Room for the fire, the series and the next timer; dates past the room wait for the next firing, due at once.
  let size = 3;
  let until = window.to;
  const fits: typeof held = [];
  for (const g of held) {
    if (size + g.items.length > maxTransactItems) {
      until = g.date.start;
      break;
    }
    fits.push(g);
    size += g.items.length;
  }
  held = fits;

  const next: StandingTime = {
    ...series,
    plannedUntil: new Date(until).toISOString(),
    updatedAt: now.toISOString(),
    version: series.version + 1,
  };
  for (let round = 1; ; round++) {
    const items: TransactItem[] = [
      fireItem(deps, timer, now),
      deps.store.standingTimes.replace(series, { ...next, version: series.version }),
      ...held.flatMap((g) => g.items),
      ...extendTimerPut(deps, next, ctx.practice.horizonDays, now),
    ];
    try {
      await deps.store.transact(items);
      return 'fired';
    } catch (error) {
      if (!isConditionFailure(error)) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') return 'conflict';
        throw error;
      }
      const failed = failedConditionIndex(error);
      if (failed === 0) return 'skipped';
      if (failed === 1 || round >= rounds) return 'conflict';
      // A date another booking took between the read and the write: it needs a choice, the rest go ahead.
      let offset = 2;
      const lost = held.find((g) => {
        const hit = failed !== undefined && failed >= offset && failed < offset + g.items.length;
        offset += g.items.length;
        return hit;
      });
      if (!lost) return 'conflict';
      held = held.filter((g) => g !== lost);
    }
  }
}
