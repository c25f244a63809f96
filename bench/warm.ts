/**
 * Warm requests: each route's handler latency beside the latency of the raw calls it made (replayed
 * against the mirror), alternating request by request so both see the same machine.
 */
import type { RouteScenario } from './routes.js';
import { summarise, type Summary } from './stats.js';
import type { World } from './world.js';

export interface WarmResult {
  fn: string;
  label: string;
  concurrency: number;
  handler: Summary;
  raw: Summary;
  /** AWS calls per request. */
  calls: number;
}

export async function measureRoute(
  world: World,
  scenario: RouteScenario,
  requests: number,
  warmup: number,
): Promise<WarmResult> {
  const total = warmup + requests;
  await scenario.prepare(world, total);
  await world.syncMirror();
  const handler: number[] = [];
  const raw: number[] = [];
  let calls = 0;
  for (let i = 0; i < total; i += scenario.concurrency) {
    const batch = Array.from({ length: Math.min(scenario.concurrency, total - i) }, (_, k) => i + k);
    const done = await Promise.all(batch.map((n) => world.recorder.record(() => scenario.run(world, n))));
    const replayed = await Promise.all(done.map((d) => world.replayer.replay(d.calls)));
    if (i < warmup) continue;
    handler.push(...done.map((d) => d.ms));
    raw.push(...replayed);
    calls += done.reduce((sum, d) => sum + d.calls.length, 0);
  }
  return {
    fn: scenario.fn,
    label: scenario.label,
    concurrency: scenario.concurrency,
    handler: summarise(handler),
    raw: summarise(raw),
    calls: calls / handler.length,
  };
}
