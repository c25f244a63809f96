/**
 * When an outbox email the stream did not deliver is tried again. The stream normally sends an email
 * within seconds; the grace keeps the re-drive out of its way, and a re-drive racing it is harmless
 * (both claim the same lease). After that, attempts back off to hourly: an outage that ends is
 * followed by every stranded email within the hour, and a service refusing for weeks costs one
 * attempt per email per hour. The bound is as many attempts as it takes to cover the time an outbox
 * item is kept, so an outage shorter than that loses nothing.
 */
const MINUTE = 60_000;

/** How long after it was written an outbox item still pending is the re-drive's to send. */
export const redriveGraceMs = 10 * MINUTE;

const firstDelayMs = 10 * MINUTE;
const longestDelayMs = 60 * MINUTE;

/** The wait after the `attempt`-th re-drive attempt failed (1-based): 10, 20, 40 minutes, then hourly. */
export const redriveDelayMs = (attempt: number): number => Math.min(firstDelayMs * 2 ** (Math.max(1, attempt) - 1), longestDelayMs);

/**
 * When each attempt falls due, measured from the item's creation, if every sweep ran on time. Late
 * sweeps only push the attempts later, so these are the earliest times.
 */
export function redriveOffsetsMs(attempts: number): number[] {
  const offsets: number[] = [];
  let at = redriveGraceMs;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    offsets.push(at);
    at += redriveDelayMs(attempt);
  }
  return offsets;
}

/** The fewest attempts whose last one is no earlier than `spanMs` after creation. */
export function attemptsCovering(spanMs: number): number {
  let attempts = 1;
  let at = redriveGraceMs;
  while (at < spanMs) at += redriveDelayMs(attempts++);
  return attempts;
}
