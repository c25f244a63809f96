/**
 * The EventBridge schedules that run the sweep, the mailer's re-drive and the calendar sync in AWS: a
 * ScheduledEvent every interval, so locally too the sweep fires due timers and the mailer re-drives
 * outbox emails the stream poller did not deliver. Unlike EventBridge it skips a tick while the previous run is still going, so a slow local
 * run never overlaps itself (both are safe under overlap anyway; this keeps the log readable).
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { lambdaContext, localAccountId, localRegion, type SweepHandler } from './stack.js';

export const ruleArn = (rule: string): string =>
  `arn:aws:events:${localRegion}:${localAccountId}:rule/threshold-local-${rule}`;
export const sweepRuleArn = ruleArn('sweep');

/** The event EventBridge sends for a scheduled rule; its `time` is the function's "now". */
export function scheduledEvent(
  now: Date,
  region: string = localRegion,
  rule = 'sweep',
): ScheduledEvent<Record<string, never>> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: localAccountId,
    // EventBridge stamps whole seconds.
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [ruleArn(rule)],
    detail: {},
  };
}

export interface SweepTimerOptions {
  sweep: SweepHandler;
  /** Which schedule this stands in for: the sweep (default), the mailer's re-drive or the calendar sync. */
  rule?: 'sweep' | 'redrive' | 'calendar-sync';
  intervalMs?: number;
  /** Also run once at start, so a stack restarted after a while catches up straight away. */
  runAtStart?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
  /** A failed run; the default prints it with its stack, which is what a developer needs to fix it. */
  onError?: (error: unknown) => void;
}

export interface SweepTimer {
  /** Runs the sweep now unless a run is in progress; resolves when that run ends. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startSweepTimer(options: SweepTimerOptions): SweepTimer {
  const rule = options.rule ?? 'sweep';
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? ((error: unknown) => console.error(`[${rule}] failed:`, error));
  let current: Promise<void> | undefined;
  let stopped = false;

  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (current) {
      log(`[${rule}] previous run still going; skipping this tick`);
      return current;
    }
    current = (async () => {
      try {
        // Quiet on success: the sweep logs what it fired itself, and a line a minute would drown the API log.
        await options.sweep(scheduledEvent(now(), localRegion, rule), lambdaContext(rule));
      } catch (error) {
        // In AWS the schedule's retry policy would run it again; the next tick does here.
        onError(error);
      } finally {
        current = undefined;
      }
    })();
    return current;
  }

  const interval = setInterval(() => void tick(), options.intervalMs ?? 60_000);
  if (options.runAtStart) void tick();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(interval);
      await current;
    },
  };
}
