/**
 * The sweep Lambda, on an EventBridge schedule: fires every due timer. "Now" is the scheduled event's
 * time, so a replayed or delayed event sweeps as of when it was meant to run (and tests move the clock).
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { getRuntime } from '../../shared/runtime.js';
import { sweepTimers, type SweepSummary } from '../../shared/use-cases/timers/sweep.js';

export type SweepResult = Pick<SweepSummary, 'fired' | 'skipped' | 'failed'>;

export const handler = middy<ScheduledEvent, SweepResult>().handler(async (event) => {
  const runtime = getRuntime();
  const now = new Date(event.time);
  if (Number.isNaN(now.getTime())) throw new Error('The scheduled event has no valid time.');
  const { fired, skipped, failed, failures } = await sweepTimers(runtime, now);
  // Counts, timer kinds and error names only: nothing that names a person.
  runtime.logger.info('sweep', { fired, skipped, failed });
  if (failed > 0) runtime.logger.warn('sweep failures', { failures });
  return { fired, skipped, failed };
});
