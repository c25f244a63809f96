/**
 * Cold import: each bundle imported in a fresh Node process, the part of a cold start the code
 * controls. Runs are interleaved (one of each bundle per round, in a rotating order), so drift in
 * the machine's load falls on every bundle alike. Node runs with the functions' NODE_OPTIONS
 * (bundling.ts), and each bundle has its linked source map beside it, as in Lambda.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { lambdaNodeOptions } from '#infra/constructs/bundling.js';
import { summarise, type Summary } from './stats.js';

export interface ColdResult {
  importMs: Summary;
  /** CPU time of the import (user + system, all threads): steadier than wall time on a busy machine. */
  cpuMs: Summary;
  /** Resident set size after the import, MB. */
  rssMb: Summary;
  /** V8 heap in use after the import, MB. */
  heapMb: Summary;
}

const probe = (file: string) => `
const c = process.cpuUsage();
const t = performance.now();
await import(${JSON.stringify(pathToFileURL(file).href)});
const ms = performance.now() - t;
const { user, system } = process.cpuUsage(c);
const { rss, heapUsed } = process.memoryUsage();
process.stdout.write(JSON.stringify({ ms, cpu: (user + system) / 1000, rss, heapUsed }));`;

export function coldImports(files: Map<string, string>, rounds: number): Map<string, ColdResult> {
  const names = [...files.keys()];
  const samples = new Map(
    names.map((n) => [n, { ms: [] as number[], cpu: [] as number[], rss: [] as number[], heap: [] as number[] }]),
  );
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const run = spawnSync(
        process.execPath,
        [...lambdaNodeOptions, '--input-type=module', '-e', probe(files.get(name)!)],
        {
          encoding: 'utf8',
          // What Lambda provides; the bundles read nothing else at import.
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'eu-west-2',
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
        },
      );
      if (run.status !== 0) throw new Error(`${name} failed to import:\n${run.stderr}`);
      const { ms, cpu, rss, heapUsed } = JSON.parse(run.stdout) as {
        ms: number;
        cpu: number;
        rss: number;
        heapUsed: number;
      };
      const s = samples.get(name)!;
      s.ms.push(ms);
      s.cpu.push(cpu);
      s.rss.push(rss / 2 ** 20);
      s.heap.push(heapUsed / 2 ** 20);
    }
  }
  return new Map(
    [...samples].map(([n, s]) => [
      n,
      { importMs: summarise(s.ms), cpuMs: summarise(s.cpu), rssMb: summarise(s.rss), heapMb: summarise(s.heap) },
    ]),
  );
}
