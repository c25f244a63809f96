/**
 * What a scheduled or batch invocation knows of its own time: "now" from the EventBridge event (so
 * a delayed event acts as of when it was meant to run, and tests move the clock), and when Lambda
 * will stop it (so work is not started that cannot finish). No imports: every function may use it
 * without carrying anything else into its bundle.
 */

/** The scheduled event's `time`; refuses an event without a valid one. */
export function scheduledNow(event: { time: string }): Date {
  const now = new Date(event.time);
  if (Number.isNaN(now.getTime())) throw new Error('The scheduled event has no valid time.');
  return now;
}

/** Epoch ms when this invocation is stopped, from the Lambda context (undefined without one). */
export const deadlineOf = (
  context: { getRemainingTimeInMillis?: () => number } | undefined,
  now: Date,
): number | undefined =>
  typeof context?.getRemainingTimeInMillis === 'function'
    ? now.getTime() + context.getRemainingTimeInMillis()
    : undefined;

/** True while more than `reserveMs` is left before the deadline (always, without one). */
export const hasTimeBefore =
  (deadline: number | undefined, reserveMs: number, now: () => Date): (() => boolean) =>
  () =>
    deadline === undefined || deadline - now().getTime() > reserveMs;
