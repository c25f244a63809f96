/**
 * One sweep: every pending timer due by `now`, dispatched by kind. A failure on one timer does not
 * stop the others; it stays pending and the next sweep tries again.
 */
import { dueTimers, type TimerItem } from '../../store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { timerHandlers, type TimerHandler } from './registry.js';

export interface SweepSummary {
  fired: number;
  skipped: number;
  failed: number;
  /** Failures by timer kind and error name: no ids of people, no messages. */
  failures: { kind: string; error: string }[];
}

export async function sweepTimers(deps: UseCaseDeps, now: Date, handlers: Partial<Record<string, TimerHandler>> = timerHandlers): Promise<SweepSummary> {
  const { db, config } = deps;
  const summary: SweepSummary = { fired: 0, skipped: 0, failed: 0, failures: [] };
  const timers = dueTimers(db, config.tableName, now, config.settings.sweepLookbackDays, config.settings.timerShards);
  for await (const timer of timers) {
    try {
      const handler = handlers[timer.kind];
      if (!handler) throw new Error(`No handler for timer kind ${timer.kind}`);
      summary[await handler(deps, timer as TimerItem, now)]++;
    } catch (error) {
      summary.failed++;
      summary.failures.push({ kind: timer.kind, error: error instanceof Error ? error.name : typeof error });
    }
  }
  return summary;
}
