/**
 * Writes a status change with its timer writes. The change and as many timer writes as fit are one
 * transaction (so the change never happens without them); a very full diary spills the remaining
 * timer writes into follow-up transactions. Those are idempotent Puts and Deletes of timers by
 * deterministic id, so a retry after a partial failure converges.
 */
import type { TransactItem } from '#shared/store/outbox.js';
import { maxTransactItems } from '#shared/store/index.js';
import type { Store } from '#shared/store/index.js';

export async function writeSpilling(store: Store, change: TransactItem, timerWrites: TransactItem[]): Promise<void> {
  const all = [change, ...timerWrites];
  await store.transact(all.slice(0, maxTransactItems));
  for (let i = maxTransactItems; i < all.length; i += maxTransactItems)
    await store.transact(all.slice(i, i + maxTransactItems));
}
