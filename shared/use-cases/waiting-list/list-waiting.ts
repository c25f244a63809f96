/**
 * GET /me/waiting-list: the entries in the order people joined (one Query), with how long each has
 * waited, their place among those still on the list, and the whole entry including the message —
 * behind sign-in only. By default those still on the list; `status` shows one status (closed
 * entries stay until the retention period ends).
 */
import { onTheList, waitedDays, type WaitingEntry, type WaitingStatus } from '#shared/domain/waiting-list.js';
import type { UseCaseDeps } from '../deps.js';

export interface WaitingEntryView extends WaitingEntry {
  /** 1 for the person who has waited longest among those still on the list; absent once closed. */
  position?: number;
  waitedDays: number;
}

export async function listWaitingList(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
  status?: WaitingStatus,
): Promise<WaitingEntryView[]> {
  const entries = await deps.store.waitingList.list(therapistId, now);
  let position = 0;
  const views = entries.map(
    ({ emailHash: _hash, ...entry }): WaitingEntryView => ({
      ...entry,
      ...(onTheList(entry) ? { position: ++position } : {}),
      waitedDays: waitedDays(entry, entry.closedAt ? new Date(entry.closedAt) : now),
    }),
  );
  return views.filter((v) => (status ? v.status === status : onTheList(v)));
}
