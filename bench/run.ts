/**
 * `npm run bench`: one run on one machine, ratios against bare baselines built the same way.
 *
 *   npm run bench                     everything (a few minutes)
 *   npm run bench -- cold slots       only some sections: bundles, cold, warm, sweep, slots, calendars
 *
 * BENCH_ROUNDS (cold-import rounds, default 15), BENCH_REQUESTS (warm requests per route, default
 * 200), BENCH_ONLY (a pattern: only the warm routes whose function and label match), BENCH_SWEEP_DUE (default 0,100,1000), BENCH_SWEEP_RUNS (runs of each, default 5; 1,000 or
 * more runs once).
 *
 * Absolute times differ in AWS; the ratios are the result. Nothing here runs in `npm test`.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineOf, baselines, buildAll, functionNames, lighter, type BaselineName, type Bundle } from './bundles.js';
import { coldImports, type ColdResult } from './cold.js';
import { lambdaNodeOptions } from '#infra/constructs/bundling.js';
import { measureSlotEngine } from './slot-engine.js';
import { measureCalendarReads } from './calendar-read.js';
import type { WorkerOptions, WorkerResult } from './warm-worker.js';

const all = ['bundles', 'cold', 'warm', 'sweep', 'slots', 'calendars'] as const;
type Section = (typeof all)[number];
const asked = process.argv.slice(2).filter((a): a is Section => (all as readonly string[]).includes(a));
const sections = new Set<Section>(asked.length > 0 ? asked : all);
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const requests = Number(process.env.BENCH_REQUESTS ?? 200);
const sweepRuns = Number(process.env.BENCH_SWEEP_RUNS ?? 5);
const sweepDue = (process.env.BENCH_SWEEP_DUE ?? '0,100,1000').split(',').map(Number);

const kb = (bytes: number) => (bytes / 1024).toFixed(0);
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const log = (line: string) => process.stderr.write(`${line}\n`);
const out: string[] = [];
const print = (block: string) => {
  out.push(block);
  console.log(`${block}\n`);
};

const dir = mkdtempSync(join(tmpdir(), 'threshold-bench-'));
try {
  const machine = `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  print(`## Threshold bench (${machine})`);

  let bundles = new Map<string, Bundle>();
  let cold = new Map<string, ColdResult>();
  if (sections.has('bundles') || sections.has('cold')) {
    log('building bundles …');
    bundles = await buildAll(dir);
  }
  if (sections.has('cold')) {
    log(`cold imports: ${rounds} interleaved rounds of ${bundles.size} bundles …`);
    cold = coldImports(new Map([...bundles].map(([n, b]) => [n, b.file])), rounds);
  }

  let worker: WorkerResult | undefined;
  if (sections.has('warm') || sections.has('sweep')) {
    log('warm requests and sweeps against DynamoDB Local …');
    const options: WorkerOptions = {
      sections: [
        ...(sections.has('warm') ? ['warm' as const] : []),
        ...(sections.has('sweep') ? ['sweep' as const] : []),
      ],
      requests,
      warmup: Math.max(10, Math.round(requests / 10)),
      ...(process.env.BENCH_ONLY ? { only: process.env.BENCH_ONLY } : {}),
      sweeps: sweepDue.map((due) => ({ due, runs: due >= 1000 ? 1 : sweepRuns })),
    };
    worker = await new Promise<WorkerResult>((resolve, reject) => {
      const child = fork(new URL('./warm-worker.ts', import.meta.url), [JSON.stringify(options)], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      let result: WorkerResult | undefined;
      child.on('message', (m) => (result = m as WorkerResult));
      child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`The warm bench exited with ${code}`))));
    });
  }

  if (bundles.size > 0) {
    const spread = (c: ColdResult) => `${ms(c.importMs.p50)} (${ms(c.importMs.p25)}–${ms(c.importMs.p75)})`;
    const rows = functionNames.map((name) => {
      const b = bundles.get(name)!;
      const c = cold.get(name);
      const bare = cold.get(baselineOf(name));
      const bareEnv = cold.get(lighter(baselineOf(name)));
      const warm = worker?.warm.filter((w) => w.fn === name) ?? [];
      const worst = (q: 'p50' | 'p99') =>
        warm.length ? Math.max(...warm.map((w) => w.handler[q] / w.raw[q])).toFixed(2) : '–';
      return [
        name,
        kb(b.bytes),
        ...(c && bare && bareEnv
          ? [
              spread(c),
              `**${ratio(c.importMs.p50, bare.importMs.p50)}**`,
              ratio(c.importMs.p50, bareEnv.importMs.p50),
              ms(c.cpuMs.p50),
              ratio(c.cpuMs.p50, bare.cpuMs.p50),
              c.rssMb.p50.toFixed(1),
              `**${ratio(c.rssMb.p50, bare.rssMb.p50)}**`,
            ]
          : ['–', '–', '–', '–', '–', '–', '–']),
        worst('p50'),
        worst('p99'),
      ];
    });
    const baseRows = (Object.keys(baselines) as BaselineName[]).flatMap((name) =>
      [name, lighter(name)].map((n) => {
        const c = cold.get(n);
        return [
          `*bare ${n}*`,
          kb(bundles.get(n)!.bytes),
          c ? spread(c) : '–',
          '',
          '',
          c ? ms(c.cpuMs.p50) : '–',
          '',
          c ? c.rssMb.p50.toFixed(1) : '–',
          '',
          '',
          '',
        ];
      }),
    );
    print(
      `### Functions against the bare SDK (${cold.size ? `cold import: median of ${rounds} fresh processes, interquartile range in brackets` : 'sizes only'})\n\n` +
        table(
          [
            'function',
            'bundle KB',
            'cold import ms',
            '÷ bare',
            '÷ bare, env credentials',
            'CPU ms',
            'CPU ÷ bare',
            'RSS after import MB',
            'RSS ÷ bare',
            'warm p50 ÷ raw (worst route)',
            'p99 ÷ raw',
          ],
          [...rows, ...baseRows],
        ) +
        '\n\nThe mailer is compared with a bare DynamoDB + SESv2 bundle, every other function with a bare DynamoDB bundle (the client, the document client, one call), built with the same esbuild settings. ' +
        '"Bare" is the SDK as it ships, with its default credential chain (the goals\' baseline); "bare, env credentials" has the functions\' own substitution of that chain, so it asks what the functions add beyond the lightest SDK bundle. ' +
        `Cold import is wall time in a fresh \`${['node', ...lambdaNodeOptions].join(' ')}\` (the functions' NODE_OPTIONS); CPU is the same import's user + system time, steadier when the machine is busy.`,
    );
    print(
      '### Where the bytes are (KB in the bundle)\n\n' +
        table(
          ['bundle', 'largest parts'],
          [...bundles.values()].map((b) => [
            b.name,
            b.parts
              .slice(0, 6)
              .map(([p, n]) => `${p} ${kb(n)}`)
              .join(', '),
          ]),
        ),
    );
  }

  if (worker && worker.warm.length > 0) {
    print(
      `### Warm requests: the handler against the raw calls it makes (${requests} requests per route, ms)\n\n` +
        table(
          ['function', 'route', 'in flight', 'calls', 'p50', 'raw p50', '÷ raw', 'p99', 'raw p99', '÷ raw'],
          worker.warm.map((w) => [
            w.fn,
            w.label,
            String(w.concurrency),
            w.calls.toFixed(1),
            ms(w.handler.p50),
            ms(w.raw.p50),
            `**${ratio(w.handler.p50, w.raw.p50)}**`,
            ms(w.handler.p99),
            ms(w.raw.p99),
            `**${ratio(w.handler.p99, w.raw.p99)}**`,
          ]),
        ) +
        '\n\n"Raw" replays the exact DynamoDB (and SES) calls the handler made, with a bare client, against a mirror table in the same state; calls that were in flight together are replayed together.',
    );
  }
  if (worker && worker.sweep.length > 0) {
    print(
      '### The sweep (due enquiry nudges, each a read and a transaction; ms)\n\n' +
        table(
          [
            'due timers',
            'runs',
            'calls',
            'sweep p50',
            'raw calls p50',
            '÷ raw',
            'items written',
            'item-write floor p50',
          ],
          worker.sweep.map((s) => [
            String(s.due),
            String(s.runs),
            s.calls.toFixed(0),
            ms(s.handler.p50),
            ms(s.raw.p50),
            ratio(s.handler.p50, s.raw.p50),
            s.items.toFixed(0),
            ms(s.floor.p50),
          ]),
        ) +
        '\n\n"Item-write floor": the same number of items written as plainly as DynamoDB allows (puts of the same size, 100 to a transaction, 4 in flight) on the same DynamoDB Local: no sweep that writes those items can be faster here, however it groups them.',
    );
  }
  if (worker && worker.mismatches > 0)
    print(
      `**Warning:** ${worker.mismatches} replayed calls answered differently from the originals; the raw figures are suspect.`,
    );

  if (sections.has('slots')) {
    log('slot engine …');
    print(
      '### The slot engine alone (31 days, 200 busy intervals; µs per call)\n\n' +
        table(
          ['case', 'slots', 'p50', 'p99'],
          measureSlotEngine(1000).map((r) => [r.label, String(r.slots), r.us.p50.toFixed(0), r.us.p99.toFixed(0)]),
        ),
    );
  }

  if (sections.has('calendars')) {
    log('busy calendar reads (a fresh process per size) …');
    print(
      '### Reading a busy calendar (Outlook-style events in "GMT Standard Time"; ms)\n\n' +
        table(
          ['events', 'file KB', 'busy times', 'first read', 'p50 after', 'CPU p50', 'max RSS MB'],
          (await measureCalendarReads()).map((r) => [
            r.events.toLocaleString('en-GB'),
            kb(r.bytes),
            String(r.busyTimes),
            ms(r.firstMs),
            ms(r.ms.p50),
            ms(r.cpuMs.p50),
            r.maxRssMb.toFixed(0),
          ]),
        ),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
