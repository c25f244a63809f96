/**
 * DELETE /me/breaks/{breakId}: the dates open again at once. The break's pending timers go in the
 * same transaction. When its notice already went out and the break has not begun, the clients who
 * had it are owed a short correction: the transaction also records whom (a withdrawn-break item)
 * and a correction timer due now, which the next sweep fans out (the list can be longer than one
 * transaction holds). The delete is conditioned on the break's revision, so a notice batch landing
 * meanwhile makes us read again and include its clients.
 * An ended break is history and cannot be deleted (it expires with the retention period).
 */
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import { breakStatus } from '#shared/domain/therapist-break.js';
import { failedConditionIndex, isConditionFailure } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';
import { breakTimerPut, breakTimersDelete } from './break-timers.js';

export interface BreakDeleted {
  breakId: string;
  /** How many clients will get a short correction (those who had the notice). */
  corrections: number;
}

const maxAttempts = 3;

export async function deleteBreak(
  deps: UseCaseDeps,
  input: { therapistId: string; breakId: string; now: Date },
): Promise<BreakDeleted> {
  const { config } = deps;
  const { settings } = config;
  const { therapistId, breakId, now } = input;
  for (let attempt = 1; ; attempt++) {
    const b = await deps.store.breaks.get(therapistId, breakId, now);
    if (!b) throw new NotFound('break');
    const status = breakStatus(b, b.timeZone, now);
    if (status === 'ended')
      throw new StateConflict(
        'This break has already ended, so deleting it would change nothing. It stays in your history for a while, then is removed.',
        { breakStatus: status },
      );
    const correct = status === 'upcoming' && b.noticedClients.length > 0;
    try {
      await deps.store.transact([
        deps.store.breaks.delete(b),
        ...breakTimersDelete(deps.store, therapistId, breakId),
        // The break leaves the calendar feed with no item behind: this moves its Last-Modified on.
        deps.store.calendarFeed.changed(therapistId, now),
        ...(correct
          ? [
              deps.store.breaks.putWithdrawn(
                {
                  therapistId,
                  breakId,
                  start: b.start,
                  end: b.end,
                  noticedClients: b.noticedClients,
                  withdrawnAt: now.toISOString(),
                },
                settings.retentionDays,
              ),
              breakTimerPut(deps.store, settings.timerShards, 'break-correction', therapistId, breakId, now),
            ]
          : []),
      ]);
      return { breakId, corrections: correct ? b.noticedClients.length : 0 };
    } catch (error) {
      if (!(isConditionFailure(error) && failedConditionIndex(error) === 0)) throw error;
      if (attempt >= maxAttempts)
        throw new StateConflict(
          'This break is being updated just now (its notice is going out). Please try again in a moment.',
        );
    }
  }
}
