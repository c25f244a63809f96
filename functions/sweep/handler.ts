/**
 * The sweep Lambda, on an EventBridge schedule: fires every due timer. "Now" is the scheduled
 * event's time, so a replayed or delayed event sweeps as of when it was meant to run (and tests move
 * the clock). It sends no email: what a timer's action has to say goes into the outbox in the same
 * transaction, and the mailer sends it (and re-drives it, should the stream fail).
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { failuresMetric } from '#shared/failures-metric.js';
import { countFailures } from '#shared/metrics.js';
import { lambdaContext } from '#shared/middleware/lambda-context.js';
import { getRuntime, type Runtime } from '#shared/runtime.js';
import { deadlineOf, hasTimeBefore, scheduledNow } from '../invocation.js';
import { sweepTimers, type SweepSummary } from '#shared/use-cases/timers/sweep.js';

export type SweepResult = Pick<SweepSummary, 'fired' | 'skipped' | 'failed'>;

export interface SweepDeps {
  runtime: () => Runtime;
  /** The real clock, for the invocation's deadline (the event's time says what is due). */
  now: () => Date;
  /**
   * Time kept back at the end of an invocation: no timer is started later than this before the
   * deadline, so a firing (with the SDK's retries) finishes inside the invocation.
   */
  reserveMs: number;
}

export const defaultDeps: SweepDeps = { runtime: getRuntime, now: () => new Date(), reserveMs: 15_000 };

export function createSweepHandler(overrides: Partial<SweepDeps> = {}) {
  const deps: SweepDeps = { ...defaultDeps, ...overrides };
  return middy<ScheduledEvent, SweepResult>()
    .use(lambdaContext(() => deps.runtime().logger))
    .handler(async (event, context) => {
      const runtime = deps.runtime();
      const now = scheduledNow(event);
      // What is not started by then stays pending for the next sweep.
      const hasTime = hasTimeBefore(deadlineOf(context, deps.now()), deps.reserveMs, deps.now);
      const { fired, skipped, failed, failures, outOfTime } = await sweepTimers(runtime, now, { hasTime });
      // Counts, timer kinds and error names only: nothing that names a person.
      if (failed > 0) {
        runtime.logger.warn('sweep failures', { failures });
        countFailures(failuresMetric.atOnce);
      }
      runtime.logger.info('sweep', { fired, skipped, failed, timersOutOfTime: outOfTime });
      return { fired, skipped, failed };
    });
}

export const handler = createSweepHandler();
