/**
 * One sweep: every pending timer due by `now`, dispatched by kind, a bounded number at a time. A
 * failure on one timer does not stop the others; it stays pending and the next sweep tries again.
 * Firing in parallel needs nothing new for exactly-once: each firing's transaction is conditional
 * on its timer still being pending (fire.ts), which already holds two overlapping sweeps apart.
 */
import type { TimerItem } from '#shared/store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { timerHandlers, type TimerHandler } from './registry.js';

/**
 * Timers in flight at once. A firing is one or two reads and a transaction of a few items (about
 * 10 WCU with its outbox email); at 16 in flight and ~30 ms a firing in AWS that is ~500 firings and
 * ~5,000 WCU a second, the order of what a fresh on-demand table takes without throttling, and
 * each firing also writes its timer-index partition (1,000 writes a second each). More would
 * buy little locally (DynamoDB Local is CPU-bound well before 16) and risk throttling the API's
 * own requests in AWS; fewer leaves 1,000 due timers slower than the 2 s we aim for.
 */
export const SWEEP_CONCURRENCY = 16;

/** Tries of one timer whose transaction met another in flight (the last leaves it for the next sweep). */
const conflictAttempts = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SweepSummary {
  fired: number;
  skipped: number;
  failed: number;
  /** Failures by timer kind and error name: no ids of people, no messages. */
  failures: { kind: string; error: string }[];
  /** The invocation ran short of time with timers still due: they stay pending for the next sweep. */
  outOfTime: boolean;
}

export interface SweepOptions {
  handlers?: Partial<Record<string, TimerHandler>>;
  /** False once no further timer should be started in this invocation. */
  hasTime?: () => boolean;
  concurrency?: number;
}

export async function sweepTimers(deps: UseCaseDeps, now: Date, options: SweepOptions = {}): Promise<SweepSummary> {
  const { config } = deps;
  // One read of a therapist (and their schedule) for all their timers in this run, not one per timer.
  const runDeps: UseCaseDeps = { ...deps, runReads: new Map() };
  const { handlers = timerHandlers, hasTime = () => true, concurrency = SWEEP_CONCURRENCY } = options;
  const summary: SweepSummary = { fired: 0, skipped: 0, failed: 0, failures: [], outOfTime: false };
  // One query stream shared by every worker: an async generator hands each item to exactly one
  // `next()` caller (calls queue), and fetches the next page only when a worker needs it.
  const timers = deps.store.timers.due(now, config.settings.sweepLookbackDays, config.settings.timerShards);

  async function fire(timer: TimerItem): Promise<void> {
    try {
      const handler = handlers[timer.kind];
      if (!handler) throw new Error(`No handler for timer kind ${timer.kind}`);
      for (let attempt = 1; ; attempt++) {
        const outcome = await handler(runDeps, timer, now);
        if (outcome !== 'conflict') return void summary[outcome]++;
        // Still pending: left to the next sweep only when the other transaction keeps winning.
        if (attempt >= conflictAttempts || !hasTime()) return void summary.skipped++;
        // The other transaction (an overlapping sweep's, or a request's) finishes within milliseconds;
        // the handler then reads afresh and finds the timer done, or fires it.
        await sleep(10 * 2 ** attempt + Math.floor(Math.random() * 25));
      }
    } catch (error) {
      summary.failed++;
      summary.failures.push({ kind: timer.kind, error: error instanceof Error ? error.name : typeof error });
    }
  }

  async function worker(): Promise<void> {
    while (!summary.outOfTime) {
      const next = await timers.next();
      if (next.done) return;
      if (!hasTime()) {
        summary.outOfTime = true;
        return;
      }
      await fire(next.value);
    }
  }

  // Settled, not raced: a failed query (the only error a worker lets out) ends the stream for every
  // worker, and the sweep reports it only once the firings already started have finished.
  const ended = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  await timers.return(undefined);
  const failure = ended.find((e) => e.status === 'rejected');
  if (failure) throw failure.reason;
  return summary;
}
