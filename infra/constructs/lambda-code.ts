/**
 * A Lambda's code: its handler bundled with esbuild's own API and the settings in bundling.ts, the
 * very build the bench measures and the bundle tests inspect. NodejsFunction's own bundling runs the
 * esbuild command line, which takes no plugins, and a Lambda bundle needs one (`lambdaSubstitutes`).
 * CDK asks local bundling for an answer synchronously while plugins need esbuild's asynchronous API,
 * so the build runs in a child Node process (bundle-lambda.ts). Still the project's own esbuild,
 * never Docker.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bundler = fileURLToPath(new URL('./bundle-lambda.ts', import.meta.url));

/** The bundle's file in the asset, so a handler exported as `handler` is `index.handler`. */
export const bundleFile = 'index.mjs';

/**
 * Builds `entry` into the asset's output directory. CDK reuses a bundling's output for every asset
 * whose source and options serialise alike, and a function does not serialise: `entry` is a field so
 * that each handler is a bundling of its own (NodejsFunction's bundling keeps its entry likewise).
 */
class LocalBundling implements ILocalBundling {
  constructor(readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    const run = spawnSync(process.execPath, ['--import', 'tsx', bundler, this.entry, join(outputDir, bundleFile)], {
      cwd: repoRoot,
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    if (run.status !== 0)
      throw new Error(`Bundling ${this.entry} failed: ${run.error?.message ?? `exit code ${run.status}`}`);
    return true;
  }
}

/** The bundled handler module `entry` as an asset (index.mjs and its source map, index.mjs.map). */
export function bundledCode(entry: string): Code {
  return Code.fromAsset(repoRoot, {
    // Hashed by what was built, as NodejsFunction does: whatever changes the bundle deploys, nothing else does.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling either builds or throws, so CDK never falls back to Docker.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: new LocalBundling(resolve(repoRoot, entry)),
    },
  });
}
