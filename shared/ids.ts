import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** Time-ordered ids (ULID), so items sort by creation within a partition. Time is the caller's `now`. */
export const newId = (now: Date): string => next(now.getTime()).toLowerCase();
