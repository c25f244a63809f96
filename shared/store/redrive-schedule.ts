/**
 * When an outbox email the stream did not deliver is tried again. The stream normally sends an email
 * within seconds; the grace keeps the re-drive out of its way, and a re-drive racing it is harmless
 * (both claim the same lease). After that, attempts back off to hourly: an outage that ends is
 * followed by every stranded email within the hour, and a service refusing for weeks costs one
 * attempt per email per hour. The attempts keep to a timetable counted from the item's creation, so
 * late sweeps never push the last one later; the bound is as many attempts as it takes to cover the
 * time an outbox item is kept, so an outage shorter than that loses nothing.
 */
const MINUTE = 60_000;

/** How long after it was written an outbox item still unsent is the re-drive's to send. */
export const redriveGraceMs = 10 * MINUTE;

const firstDelayMs = 10 * MINUTE;
const longestDelayMs = 60 * MINUTE;
/** The sweep's period in AWS: a sweep behind the timetable tries an item no more often than this. */
const shortestGapMs = 5 * MINUTE;

/** The gap after the `attempt`-th re-drive attempt (1-based): 10, 20, 40 minutes, then hourly. */
export const redriveDelayMs = (attempt: number): number =>
  Math.min(firstDelayMs * 2 ** (Math.max(1, attempt) - 1), longestDelayMs);

/*
 * The two functions below walk only the gaps that double and add the hourly ones at once. Walking
 * all of them (723 to cover 30 days) made V8 optimise the loop while the modules were still loading:
 * 3 to 5 ms of every cold start of the mailer, which works out `erasureHoldMs` at import.
 */

/** When the `attempt`-th attempt (1-based) falls due, counted from the item's creation. */
export function redriveOffsetMs(attempt: number): number {
  let at = redriveGraceMs;
  let made = 1;
  for (; made < attempt && redriveDelayMs(made) < longestDelayMs; made++) at += redriveDelayMs(made);
  return at + Math.max(0, attempt - made) * longestDelayMs;
}

/** The first `attempts` attempts' offsets from creation. */
export const redriveOffsetsMs = (attempts: number): number[] =>
  Array.from({ length: attempts }, (_, i) => redriveOffsetMs(i + 1));

/**
 * When to try again after the `attempt`-th attempt, made by a sweep at `atMs`, failed: on the
 * timetable, but never sooner than the next sweep, so a sweep that was down catches up one attempt
 * per run instead of spending them all at once.
 */
export const nextRedriveAt = (createdAtMs: number, attempt: number, atMs: number): number =>
  Math.max(createdAtMs + redriveOffsetMs(attempt + 1), atMs + shortestGapMs);

/** The fewest attempts whose last one is no earlier than `spanMs` after creation. */
export function attemptsCovering(spanMs: number): number {
  let attempts = 1;
  let at = redriveGraceMs;
  for (; at < spanMs && redriveDelayMs(attempts) < longestDelayMs; attempts++) at += redriveDelayMs(attempts);
  return at < spanMs ? attempts + Math.ceil((spanMs - at) / longestDelayMs) : attempts;
}
