/**
 * The sweep Lambda, on an EventBridge schedule: fires every due timer, then re-drives every outbox
 * email the stream has not delivered within its grace period. "Now" is the scheduled event's time,
 * so a replayed or delayed event sweeps as of when it was meant to run (and tests move the clock);
 * leases still run on the real clock.
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { getRuntime, type Runtime } from '../../shared/runtime.js';
import { sweepTimers, type SweepSummary } from '../../shared/use-cases/timers/sweep.js';
import { outcomeLevels } from '../mailer/deliver.js';
import { deadlineOf, defaultDeliveryOptions, deliveryDeps, type DeliveryOptions } from '../mailer/delivery.js';
import { redriveOutbox, type RedriveOutcome, type RedriveSummary } from '../mailer/redrive.js';

export type SweepResult = Pick<SweepSummary, 'fired' | 'skipped' | 'failed'> & { emails: RedriveSummary };

export interface SweepDeps extends DeliveryOptions {
  runtime: () => Runtime;
  /**
   * Time kept back at the end of an invocation: no email is started later than this before the
   * deadline, so a send (with its in-process retries) and its record finish inside the invocation.
   */
  reserveMs: number;
  /** Off only where the test harness reads queued emails from the table and plays the stream itself. */
  redrive: boolean;
}

export const defaultDeps: SweepDeps = { ...defaultDeliveryOptions, runtime: getRuntime, reserveMs: 15_000, redrive: true };

const nothingRedriven: RedriveSummary = { sent: 0, suppressed: 0, failed: 0, retried: 0, skipped: 0, held: 0, outOfTime: false };

const redriveLevels: Record<RedriveOutcome, 'debug' | 'info' | 'warn' | 'error'> = { ...outcomeLevels, busy: 'info' };

export function createSweepHandler(overrides: Partial<SweepDeps> = {}) {
  const deps: SweepDeps = { ...defaultDeps, ...overrides };
  return middy<ScheduledEvent, SweepResult>().handler(async (event, context) => {
    const runtime = deps.runtime();
    const now = new Date(event.time);
    if (Number.isNaN(now.getTime())) throw new Error('The scheduled event has no valid time.');
    const deadline = deadlineOf(context, deps.now());

    const { fired, skipped, failed, failures } = await sweepTimers(runtime, now);
    // Counts, timer kinds and error names only: nothing that names a person.
    if (failed > 0) runtime.logger.warn('sweep failures', { failures });

    const emails = deps.redrive
      ? await redriveOutbox(await deliveryDeps(runtime, deps, deadline), now, {
          hasTime: () => deadline === undefined || deadline - deps.now().getTime() > deps.reserveMs,
          // The same line the mailer writes: `outcome: failed` is what the failed-email alarm counts.
          onOutcome: (log) => runtime.logger[redriveLevels[log.outcome]]('outbox message', { ...log }),
        })
      : nothingRedriven;
    runtime.logger.info('sweep', { fired, skipped, failed, emails });
    return { fired, skipped, failed, emails };
  });
}

export const handler = createSweepHandler();
