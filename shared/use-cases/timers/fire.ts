/**
 * Firing a timer: the timer's own `timerFire` goes first in the transaction, so when two sweeps
 * overlap exactly one wins and the other sees a failed condition at index 0 — a lost race, not an
 * error. When both transactions are in flight at once DynamoDB may cancel either or both with a
 * TransactionConflict: nothing was written, the timer is still pending, and the sweep tries again.
 */
import { failedConditionIndex, isConditionFailure } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { TimerItem } from '#shared/store/timers.js';
import type { UseCaseDeps } from '../deps.js';

/** `conflict`: another transaction on the same items was in flight, nothing was written, the timer is still pending. */
export type TimerOutcome = 'fired' | 'skipped' | 'conflict';

function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return (
    reasons.some((r) => r.Code === 'TransactionConflict') && !reasons.some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const fireItem = (deps: UseCaseDeps, timer: TimerItem, now: Date): TransactItem =>
  deps.store.timers.fire(timer.therapistId, timer.timerId, now, deps.config.settings.retentionDays * DAY_MS);

/** Marks the timer done and does nothing else: its subject has moved on. */
export async function retire(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  try {
    await deps.store.transact([fireItem(deps, timer, now)]);
  } catch (error) {
    if (isTransactionConflict(error)) return 'conflict';
    if (!isConditionFailure(error)) throw error;
  }
  return 'skipped';
}

/**
 * Fires the timer together with `effects`. A lost race on the timer is 'skipped'; a failed condition
 * elsewhere means the subject moved on between our read and the write, so the timer is retired.
 */
export async function fireWith(
  deps: UseCaseDeps,
  timer: TimerItem,
  now: Date,
  effects: TransactItem[],
): Promise<TimerOutcome> {
  try {
    await deps.store.transact([fireItem(deps, timer, now), ...effects]);
    return 'fired';
  } catch (error) {
    if (isTransactionConflict(error)) return 'conflict';
    if (!isConditionFailure(error)) throw error;
    if (failedConditionIndex(error) === 0) return 'skipped';
    return retire(deps, timer, now);
  }
}
