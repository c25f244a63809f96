/**
 * esbuild settings shared by the Lambda construct and `npm run bench`, so what is measured is
 * what ships.
 */
import type { BuildOptions } from 'esbuild';

export const lambdaNodeTarget = 'node24';
export const lambdaMainFields = ['module', 'main'];
/**
 * ESM bundles of the AWS SDK call require() for Node built-ins; without this they fail at import with
 * "Dynamic require of node:https is not supported" (architecture.md).
 */
export const esmRequireBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * NODE_OPTIONS of every function: none. Not --enable-source-maps: Node reads and parses a bundle's
 * linked source map while the module loads (on Node 20, measured with `npm run bench`: about a
 * quarter of a cold import's CPU and 6 MB of memory, for traces that only an unhandled error logs).
 * The maps still ship beside the bundles; docs/operations.md (Logs) shows how to read a stack line.
 */
export const lambdaNodeOptions: readonly string[] = [];

/**
 * Packages a Lambda bundle replaces (esbuild `alias`; paths relative to the project root, where
 * CDK runs esbuild): the SDK's default credential chain becomes environment credentials only
 * (lambda-credentials.ts says why).
 */
export const lambdaAliases: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './infra/constructs/lambda-credentials.ts',
};

/** The same bundle as the construct's `bundling` props, for esbuild's own API (the bench builds with it). */
export const lambdaBuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: lambdaNodeTarget,
  mainFields: lambdaMainFields,
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  banner: { js: esmRequireBanner },
  alias: lambdaAliases,
} as const satisfies BuildOptions;
