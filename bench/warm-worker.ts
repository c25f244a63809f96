/**
 * The warm half of the bench, in a process of its own: the functions log at INFO as in Lambda, and
 * this process's stdout goes nowhere; results travel back over IPC.
 */
import { scenarios } from './routes.js';
import { measureSweep, type SweepResult } from './sweep.js';
import { measureRoute, type WarmResult } from './warm.js';
import { World } from './world.js';

export interface WorkerOptions {
  sections: ('warm' | 'sweep')[];
  requests: number;
  warmup: number;
  sweeps: { due: number; runs: number }[];
  /** Only the routes whose "function label" matches (the others' setup still runs when a later route needs it). */
  only?: string;
}

export interface WorkerResult {
  warm: WarmResult[];
  sweep: SweepResult[];
  /** Replayed calls whose outcome differed from the original (the mirror out of step): should be 0. */
  mismatches: number;
}

// The SDK's notice about Node 20 (the toolchain's version; Lambda runs newer) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
const world = await World.start();
const result: WorkerResult = { warm: [], sweep: [], mismatches: 0 };
try {
  if (options.sections.includes('warm')) {
    const only = options.only ? new RegExp(options.only, 'i') : undefined;
    for (const scenario of scenarios(world)) {
      if (only && !only.test(`${scenario.fn} ${scenario.label}`)) continue;
      process.stderr.write(
        `  warm: ${scenario.fn} ${scenario.label}${scenario.concurrency > 1 ? ` ×${scenario.concurrency}` : ''}\n`,
      );
      result.warm.push(await measureRoute(world, scenario, options.requests, options.warmup));
    }
  }
  if (options.sections.includes('sweep')) {
    for (const { due, runs } of options.sweeps) {
      process.stderr.write(`  sweep: ${due} due timers\n`);
      result.sweep.push(await measureSweep(world, due, runs));
    }
  }
  result.mismatches = world.replayer.mismatches;
} finally {
  await world.stop();
}
process.send!(result, () => process.exit(0));
