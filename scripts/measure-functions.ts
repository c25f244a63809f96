/**
 * `npm run measure`: bundles every function exactly as the CDK construct does (esbuild, ESM,
 * minified, the SDK bundled) and reports its size and the time Node takes to import it — the part
 * of a cold start the code controls. Import time is the median of several fresh processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { backgroundFunctions, capabilities } from '../functions/routes.js';
import { esmRequireBanner, lambdaMainFields } from '../infra/constructs/bundling.js';

const runs = Number(process.env.MEASURE_RUNS ?? 7);
const out = mkdtempSync(join(tmpdir(), 'threshold-measure-'));
const rows: string[] = [];

for (const name of [...capabilities, ...backgroundFunctions]) {
  const outfile = join(out, `${name}.mjs`);
  const result = await build({
    entryPoints: [`functions/${name}/handler.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The machines run Node 20; the deployed runtime is newer, and the output is valid on both.
    target: 'node20',
    mainFields: lambdaMainFields,
    minify: true,
    banner: { js: esmRequireBanner },
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const code = readFileSync(outfile);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const probe = spawnSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    if (probe.status !== 0) throw new Error(`${name} failed to import:\n${probe.stderr}`);
    times.push(Number(probe.stdout.trim()));
  }
  times.sort((a, b) => a - b);
  const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.inputs)
    .map(([path, { bytesInOutput }]) => [path.replace(/^node_modules\/((@[^/]+\/)?[^/]+).*/, '$1').replace(/^(shared|functions)\/.*/, 'project code'), bytesInOutput] as const)
    .reduce((acc, [pkg, bytes]) => acc.set(pkg, (acc.get(pkg) ?? 0) + bytes), new Map<string, number>());
  const top = [...inputs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([p, b]) => `${p} ${(b / 1024).toFixed(0)}K`).join(', ');
  rows.push(`${name.padEnd(14)} ${(code.length / 1024).toFixed(0).padStart(5)} KB ${(gzipSync(code).length / 1024).toFixed(0).padStart(5)} KB gz ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(7)} ms   ${top}`);
}
rmSync(out, { recursive: true, force: true });
console.log(`function       bundle     gzip   import   largest parts\n${rows.join('\n')}`);
