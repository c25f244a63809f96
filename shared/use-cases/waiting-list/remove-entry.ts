/** The therapist takes someone off the waiting list (POST /me/waiting-list/{id}/remove), with a kind email and their optional note. */
import { NotFound } from '#shared/domain/errors.js';
import type { WaitingEntry } from '#shared/domain/waiting-list.js';
import type { UseCaseDeps } from '../deps.js';
import { closingWrites } from './close-entry.js';
import { changeEntry } from './entry-change.js';

export interface RemoveInput {
  therapistId: string;
  entryId: string;
  note?: string;
  now: Date;
}

export async function removeEntry(deps: UseCaseDeps, input: RemoveInput): Promise<WaitingEntry> {
  const therapist = await deps.store.therapists.get(input.therapistId);
  if (!therapist) throw new NotFound('waiting-list entry');
  // A failure beyond the entry is the invitation moving on (a request made meanwhile): read again, and the plan says so.
  return changeEntry(
    deps,
    input.therapistId,
    input.entryId,
    input.now,
    async (entry) => {
      const { items, next } = await closingWrites(
        deps,
        therapist,
        entry,
        { status: 'removed', ...(input.note ? { note: input.note } : {}) },
        input.now,
      );
      return { items, result: next };
    },
    async () => undefined,
  );
}
