/**
 * Writing one email (and what goes with it) to each of many clients, when there can be more than
 * one transaction holds. Clients are packed into transactions of at most 25 items; each transaction
 * also records its clients on the subject (the break) with `progress`, so what was written and the
 * record of it never part.
 *
 * Each client's items start with a conditional outbox Put under a deterministic id. When a
 * transaction is cancelled because some of those already exist (a redelivered timer, an overlapping
 * sweep), those clients are dropped — they have theirs — and the rest retried: nobody is written to
 * twice, nobody is skipped. When `progress` itself fails, the subject is gone (the break was deleted)
 * and the fan-out stops. Anything else (a conflict with a transaction in flight, throttling) is
 * thrown: the timer stays pending and the next sweep carries on where this one stopped.
 */
import type { TransactItem } from '#shared/store/outbox.js';
import type { Store } from '#shared/store/index.js';

export const maxItemsPerBatch = 25;
const maxAttempts = 5;

export interface Delivery {
  clientId: string;
  /** The first item is the conditional outbox Put; the rest (an invitation and its link) go with it. */
  items: TransactItem[];
}

export interface FanOutResult {
  written: string[];
  /** Already had theirs. */
  skipped: string[];
  subjectGone: boolean;
}

type Reason = { Code?: string };

function cancellationReasons(error: unknown): Reason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error as Error & { CancellationReasons?: Reason[] }).CancellationReasons;
}

export function pack(deliveries: readonly Delivery[], room: number): Delivery[][] {
  const batches: Delivery[][] = [];
  let current: Delivery[] = [];
  let size = 0;
  for (const d of deliveries) {
    if (d.items.length > room)
      throw new Error(`One client's writes (${d.items.length} items) do not fit in a batch of ${room}.`);
    if (size + d.items.length > room) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(d);
    size += d.items.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export async function fanOut(
  store: Store,
  deliveries: readonly Delivery[],
  progress: (clientIds: string[]) => TransactItem,
): Promise<FanOutResult> {
  const result: FanOutResult = { written: [], skipped: [], subjectGone: false };
  for (let batch of pack(deliveries, maxItemsPerBatch - 1)) {
    for (let attempt = 1; batch.length > 0; attempt++) {
      const items = batch.flatMap((d) => d.items);
      try {
        await store.transact([...items, progress(batch.map((d) => d.clientId))]);
        result.written.push(...batch.map((d) => d.clientId));
        break;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons || attempt >= maxAttempts) throw error;
        if (reasons[items.length]?.Code === 'ConditionalCheckFailed') return { ...result, subjectGone: true };
        const failed = new Set(reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])));
        if (failed.size === 0) throw error;
        const keep: Delivery[] = [];
        let offset = 0;
        for (const d of batch) {
          if (d.items.some((_, i) => failed.has(offset + i))) result.skipped.push(d.clientId);
          else keep.push(d);
          offset += d.items.length;
        }
        batch = keep;
      }
    }
  }
  return result;
}
