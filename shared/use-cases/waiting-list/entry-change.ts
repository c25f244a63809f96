/**
 * Changing a waiting-list entry: read it, decide, write the change conditional on the version read.
 * When another change got there first, `plan` runs again on the fresh entry (up to three times), so
 * it decides on what is true now: a second offer of the same entry meets `offered` and is refused,
 * while a check-in that merely moved the version on does not turn a therapist's offer into an error.
 */
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import { isConditionFailure } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { TimerItem } from '#shared/store/timers.js';
import type { StoredWaitingEntry } from '#shared/store/waiting-list.js';
import { failedIndexes, onlyConflicts, writeBookingChange } from '../bookings/booking-write.js';
import type { UseCaseDeps } from '../deps.js';
import { fireItem, retire, type TimerOutcome } from '../timers/fire.js';

export interface PlannedChange<T> {
  /** The entry write comes first, so a failed version check is recognised at index 0. */
  items: TransactItem[];
  result: T;
}

/** Decides the change from the entry as it is now; throws a domain error when it no longer applies. */
export type Plan<T> = (entry: StoredWaitingEntry) => Promise<PlannedChange<T>>;

const attempts = 3;

export async function changeEntry<T>(
  deps: UseCaseDeps,
  therapistId: string,
  entryId: string,
  now: Date,
  plan: Plan<T>,
  /** After a failed write that was not the entry's version: say why (throw), or return to read again. */
  onOtherFailure?: (error: unknown, entry: StoredWaitingEntry) => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const entry = await deps.store.waitingList.get(therapistId, entryId, now);
    if (!entry) throw new NotFound('waiting-list entry');
    const { items, result } = await plan(entry);
    try {
      await writeBookingChange(deps, items);
      return result;
    } catch (error) {
      if (onlyConflicts(error))
        throw new StateConflict('This waiting-list entry is being changed right now. Please try again in a moment.');
      if (!isConditionFailure(error)) throw error;
      if (!failedIndexes(error).includes(0)) {
        if (!onOtherFailure) throw error;
        await onOtherFailure(error, entry);
      }
      if (attempt >= attempts)
        throw new StateConflict(
          'This waiting-list entry was changed a moment ago. Please look at it again before trying once more.',
        );
    }
  }
}

/**
 * The same for a timer of the entry's: the timer's fire goes first, so a sweep that lost the race to
 * another sweep is 'skipped'; the entry's write second, so a change meanwhile (a stay, an offer)
 * means reading again and deciding afresh. `plan` returns undefined when the timer has nothing left
 * to do (it is retired).
 */
export async function fireEntryTimer(
  deps: UseCaseDeps,
  timer: TimerItem,
  now: Date,
  plan: (entry: StoredWaitingEntry | undefined) => Promise<TransactItem[] | undefined>,
): Promise<TimerOutcome> {
  for (let attempt = 1; ; attempt++) {
    const entry = await deps.store.waitingList.get(timer.therapistId, timer.subjectId, now);
    const effects = await plan(entry);
    if (!effects) return retire(deps, timer, now);
    try {
      await writeBookingChange(deps, [fireItem(deps, timer, now), ...effects]);
      return 'fired';
    } catch (error) {
      // Another sweep's transaction is in flight: nothing was written, and the sweep tries again.
      if (onlyConflicts(error)) return 'conflict';
      if (!isConditionFailure(error)) throw error;
      const failed = failedIndexes(error);
      if (failed.includes(0)) return 'skipped';
      if (!failed.includes(1) || attempt >= attempts) return retire(deps, timer, now);
    }
  }
}
