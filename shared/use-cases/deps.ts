/** What use cases need from the runtime: the store handle and the settings. Logging stays in the handlers. */
import type { Runtime } from '../runtime.js';
import type { TherapistProfile } from '../store/therapists.js';

export type UseCaseDeps = Pick<Runtime, 'db' | 'store' | 'config'> & {
  /**
   * Reads shared by many steps of one run (a sweep firing many timers of one therapist): each is
   * made once per run and its promise handed to every step that asks. Absent for a request, which
   * reads each thing once anyway.
   */
  runReads?: Map<string, Promise<unknown>>;
};

/** A read made once per run when the deps carry `runReads`, else each time; a failed read is not kept. */
export function readOncePerRun<T>(deps: UseCaseDeps, key: string, read: () => Promise<T>): Promise<T> {
  const reads = deps.runReads;
  if (!reads) return read();
  const known = reads.get(key) as Promise<T> | undefined;
  if (known) return known;
  const reading = read();
  reads.set(key, reading);
  reading.catch(() => reads.delete(key));
  return reading;
}

/** The therapist's profile: what names and signs a message, and their zone. */
export const therapistOf = (deps: UseCaseDeps, therapistId: string): Promise<TherapistProfile | undefined> =>
  readOncePerRun(deps, `therapist#${therapistId}`, () => deps.store.therapists.get(therapistId));
