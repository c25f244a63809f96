/**
 * The timers a break makes. Ids are deterministic (`<kind>#<breakId>`) so the delete that cancels
 * them can name them without reading.
 *   break-notice        created with the break, due at the notice time (now when that has passed)
 *   break-welcome-back  created with the break, due at the welcome-back time
 *   break-correction    created by deleting a break whose notice went out, due at once
 * Deleting the break deletes the first two in the same transaction.
 */
import type { TransactItem } from '../../store/outbox.js';
import { timerDelete, timerId, timerPut, type TimerKind } from '../../store/timers.js';

type BreakTimerKind = Extract<TimerKind, 'break-notice' | 'break-welcome-back' | 'break-correction'>;

export const breakTimerId = (kind: BreakTimerKind, breakId: string): string => timerId(kind, breakId);

export function breakTimerPut(tableName: string, shards: number, kind: BreakTimerKind, therapistId: string, breakId: string, dueAt: Date): TransactItem {
  return timerPut(tableName, { timerId: breakTimerId(kind, breakId), therapistId, kind, subjectId: breakId, dueAt: dueAt.toISOString() }, shards);
}

/** The break's own timers, for the transaction that deletes it. */
export const breakTimersDelete = (tableName: string, therapistId: string, breakId: string): TransactItem[] => [
  timerDelete(tableName, therapistId, breakTimerId('break-notice', breakId)),
  timerDelete(tableName, therapistId, breakTimerId('break-welcome-back', breakId)),
];
