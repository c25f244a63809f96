/**
 * The timers a break makes. Ids are deterministic (`<kind>#<breakId>`) so the delete that cancels
 * them can name them without reading.
 *   break-notice        created with the break, due at the notice time (now when that has passed)
 *   break-welcome-back  created with the break, due at the welcome-back time
 *   break-correction    created by deleting a break whose notice went out, due at once
 * Deleting the break deletes the first two in the same transaction.
 */
import type { TransactItem } from '#shared/store/outbox.js';
import type { TimerKind } from '#shared/store/timers.js';
import { timerId } from '#shared/store/index.js';
import type { Store } from '#shared/store/index.js';

type BreakTimerKind = Extract<TimerKind, 'break-notice' | 'break-welcome-back' | 'break-correction'>;

export const breakTimerId = (kind: BreakTimerKind, breakId: string): string => timerId(kind, breakId);

export function breakTimerPut(
  store: Store,
  shards: number,
  kind: BreakTimerKind,
  therapistId: string,
  breakId: string,
  dueAt: Date,
): TransactItem {
  return store.timers.put(
    { timerId: breakTimerId(kind, breakId), therapistId, kind, subjectId: breakId, dueAt: dueAt.toISOString() },
    shards,
  );
}

/** The break's own timers, for the transaction that deletes it. */
export const breakTimersDelete = (store: Store, therapistId: string, breakId: string): TransactItem[] => [
  store.timers.delete(therapistId, breakTimerId('break-notice', breakId)),
  store.timers.delete(therapistId, breakTimerId('break-welcome-back', breakId)),
];
