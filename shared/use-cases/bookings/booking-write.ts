/**
 * Writing a booking change: one TransactWriteItems, retried briefly when it only collided with
 * another transaction in flight (TransactionConflict), so the caller gets a definite answer — the
 * other booking won (a failed condition) or ours went through — instead of a spurious error.
 */
import { StateConflict } from '#shared/domain/errors.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { UseCaseDeps } from '../deps.js';

type Reason = { Code?: string };

export function cancellationCodes(error: unknown): string[] {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return [];
  return ((error as Error & { CancellationReasons?: Reason[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/** Indexes of the items whose condition failed. */
export const failedIndexes = (error: unknown): number[] =>
  cancellationCodes(error).flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : []));

export const onlyConflicts = (error: unknown): boolean => {
  const codes = cancellationCodes(error);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
};

const attempts = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function writeBookingChange(deps: UseCaseDeps, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.store.transact(items);
      return;
    } catch (error) {
      if (!onlyConflicts(error) || attempt >= attempts) throw error;
      // Jittered backoff: the other transaction finishes within milliseconds.
      await sleep(10 * 2 ** attempt + Math.floor(Math.random() * 25));
    }
  }
}

/** After a failed write whose cause the caller's own checks did not name: the booking changed meanwhile. */
export function changedMeanwhile(
  read: { version: number; status: string },
  current: { version: number; status: string },
  error: unknown,
): unknown {
  if (current.version !== read.version)
    return new StateConflict(
      'This booking was changed a moment ago. Please look at it again before trying once more.',
      { bookingStatus: current.status },
    );
  // Still colliding with another change after the retries: a busy moment, not a fault.
  if (onlyConflicts(error))
    return new StateConflict('This booking is being changed right now. Please try again in a moment.', {
      bookingStatus: current.status,
    });
  return error;
}
