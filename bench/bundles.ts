/**
 * Builds every function and the bare baselines with the construct's esbuild settings, and says where
 * each bundle's bytes come from (the metafile, summed by package).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { backgroundFunctions, capabilities, type FunctionName } from '#shared/manifest/routes.js';
import { lambdaBuildOptions } from '#infra/constructs/bundling.js';

/**
 * The bare baselines, each built twice: as the SDK ships (its default credential chain: the
 * baseline the goals are measured against) and with the functions' own substitutions (`lambdaAliases`:
 * environment credentials; `lambdaSubstitutes` touch no SDK file), which asks how much the functions
 * add beyond the lightest SDK bundle.
 */
export const baselines = {
  dynamodb: 'bench/baselines/dynamodb.ts',
  'dynamodb+sesv2': 'bench/baselines/dynamodb-sesv2.ts',
} as const;
export type BaselineName = keyof typeof baselines;
export const lighter = (name: BaselineName): string => `${name}, env credentials`;

/** What each function is measured against: the mailer also sends with SES. */
export const baselineOf = (name: FunctionName): BaselineName => (name === 'mailer' ? 'dynamodb+sesv2' : 'dynamodb');

const { alias: _aliases, plugins: _substitutes, ...asTheSdkShips } = lambdaBuildOptions;

export const functionNames: FunctionName[] = [...capabilities, ...backgroundFunctions];

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Bytes in the output by package (`project` for our own code), largest first. */
  parts: [string, number][];
}

const packageOf = (input: string): string =>
  /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ??
  (/^(shared|functions|bench)\//.test(input) ? 'project' : input);

async function bundle(
  name: string,
  entry: string,
  outDir: string,
  options: BuildOptions = lambdaBuildOptions,
): Promise<Bundle> {
  const file = join(outDir, `${name.replace(/[^a-z0-9+-]+/g, '-')}.mjs`);
  const result = await build({ ...options, entryPoints: [entry], outfile: file, metafile: true, logLevel: 'error' });
  const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((o) => o.endsWith('.mjs'))!]!;
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
    parts.set(packageOf(input), (parts.get(packageOf(input)) ?? 0) + bytesInOutput);
  const code = readFileSync(file);
  return {
    name,
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    parts: [...parts].sort((a, b) => b[1] - a[1]),
  };
}

export async function buildAll(outDir: string): Promise<Map<string, Bundle>> {
  const jobs = [
    ...Object.entries(baselines).map(([name, entry]) => bundle(name, entry, outDir, asTheSdkShips)),
    ...Object.entries(baselines).map(([name, entry]) => bundle(lighter(name as BaselineName), entry, outDir)),
    ...functionNames.map((name) => bundle(name, `functions/${name}/handler.ts`, outDir)),
  ];
  return new Map((await Promise.all(jobs)).map((b) => [b.name, b]));
}
