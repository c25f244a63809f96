/**
 * The sweep Lambda, on an EventBridge schedule: fires every due timer. "Now" is the scheduled
 * event's time, so a replayed or delayed event sweeps as of when it was meant to run (and tests move
 * the clock). It sends no email: what a timer's action has to say goes into the outbox in the same
 * transaction, and the mailer sends it (and re-drives it, should the stream fail).
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { getRuntime, type Runtime } from '../../shared/runtime.js';
import { sweepTimers, type SweepSummary } from '../../shared/use-cases/timers/sweep.js';

export type SweepResult = Pick<SweepSummary, 'fired' | 'skipped' | 'failed'>;

export interface SweepDeps {
  runtime: () => Runtime;
}

export const defaultDeps: SweepDeps = { runtime: getRuntime };

export function createSweepHandler(overrides: Partial<SweepDeps> = {}) {
  const deps: SweepDeps = { ...defaultDeps, ...overrides };
  return middy<ScheduledEvent, SweepResult>().handler(async (event) => {
    const runtime = deps.runtime();
    const now = new Date(event.time);
    if (Number.isNaN(now.getTime())) throw new Error('The scheduled event has no valid time.');

    const { fired, skipped, failed, failures } = await sweepTimers(runtime, now);
    // Counts, timer kinds and error names only: nothing that names a person.
    if (failed > 0) runtime.logger.warn('sweep failures', { failures });
    runtime.logger.info('sweep', { fired, skipped, failed });
    return { fired, skipped, failed };
  });
}

export const handler = createSweepHandler();
