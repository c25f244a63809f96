/**
 * POST /me/breaks: the therapist plans a break. In one transaction: the break (which closes the
 * dates to every invitation at once — the slot engine reads breaks with the schedule), the ledger
 * update that makes the overlap check race-safe (store/breaks.ts), and the break's notice and
 * welcome-back timers. Bookings already inside the dates come back in the answer, flagged, for the
 * therapist to cancel kindly or keep: nothing is cancelled for them.
 */
import { StateConflict } from '#shared/domain/errors.js';
import {
  breakTimeline,
  checkNewBreak,
  checkNoOverlap,
  dueFrom,
  type BreakDates,
} from '#shared/domain/therapist-break.js';
import { newId } from '#shared/ids.js';
import { failedConditionIndex, isConditionFailure } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';
import { bookingsInside } from './break-bookings.js';
import { loadBreakContext } from './break-context.js';
import { breakTimerPut } from './break-timers.js';
import { breakView, type BreakView } from './break-view.js';

export interface NewBreakInput extends BreakDates {
  therapistId: string;
  message?: string;
  now: Date;
}

/** Another break written between our read and our write: read again and re-check, a few times. */
const maxAttempts = 3;

function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  return ((error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some(
    (r) => r.Code === 'TransactionConflict',
  );
}

export async function createBreak(deps: UseCaseDeps, input: NewBreakInput): Promise<BreakView> {
  const { config } = deps;
  const { settings } = config;
  const { therapistId, now } = input;
  const dates: BreakDates = { start: input.start, end: input.end };
  const { zone, policy } = await loadBreakContext(deps, therapistId, now);
  checkNewBreak(dates, zone, now);

  const timeline = breakTimeline(dates, zone, policy);
  const breakId = newId(now);
  const noticeAt = dueFrom(timeline.noticeAt, now);
  const welcomeBackAt = dueFrom(timeline.welcomeBackAt, now);
  for (let attempt = 1; ; attempt++) {
    // The ledger first, then the breaks: a break committed after this read moves the version on and
    // fails our condition; one committed before it is in the (consistent) list. Read together, a
    // break could land between the two reads and be in neither.
    const ledgerVersion = await deps.store.breaks.ledgerVersion(therapistId);
    const existing = await deps.store.breaks.list(therapistId, now);
    checkNoOverlap(dates, existing);
    try {
      await deps.store.transact([
        ...deps.store.breaks.create(
          {
            therapistId,
            breakId,
            ...dates,
            ...(input.message ? { message: input.message } : {}),
            timeZone: zone,
            createdAt: now.toISOString(),
            noticeAt: noticeAt.toISOString(),
            welcomeBackAt: welcomeBackAt.toISOString(),
            earlyWindowEndsAt: timeline.earlyWindowEndsAt.toISOString(),
          },
          ledgerVersion,
          settings.retentionDays,
        ),
        breakTimerPut(deps.store, settings.timerShards, 'break-notice', therapistId, breakId, noticeAt),
        breakTimerPut(deps.store, settings.timerShards, 'break-welcome-back', therapistId, breakId, welcomeBackAt),
      ]);
      break;
    } catch (error) {
      const lostRace = (isConditionFailure(error) && failedConditionIndex(error) === 1) || isTransactionConflict(error);
      if (!lostRace) throw error;
      if (attempt >= maxAttempts)
        throw new StateConflict(
          'Your breaks were changed at the same moment from somewhere else. Please look at them again and retry.',
        );
    }
  }
  const [stored, inside] = await Promise.all([
    deps.store.breaks.get(therapistId, breakId, now),
    bookingsInside(deps, therapistId, dates, zone, now),
  ]);
  if (!stored) throw new Error('A break just written could not be read back.');
  return breakView(stored, now, inside);
}
