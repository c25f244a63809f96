/**
 * esbuild settings shared by the Lambda construct (lambda-code.ts), `npm run bench` and the bundle
 * tests, so what is measured and tested is what ships.
 */
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { sdkSchemaKeys } from './sdk-schema-keys.js';
import { lambdaSubstitutes } from './substitutes.js';

export const lambdaNodeTarget = 'node24';
export const lambdaMainFields = ['module', 'main'];
/**
 * ESM bundles of the AWS SDK call require() for Node built-ins; without this they fail at import with
 * "Dynamic require of node:https is not supported" (docs/architecture.md).
 */
export const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * NODE_OPTIONS of every function: none. Not --enable-source-maps: Node reads and parses a bundle's
 * linked source map while the module loads (on Node 20, measured with `npm run bench`: about a
 * quarter of a cold import's CPU and 6 MB of memory, for traces that only an unhandled error logs).
 * The maps still ship beside the bundles; docs/operations.md (Logs) shows how to read a stack line.
 */
export const lambdaNodeOptions: readonly string[] = [];

/**
 * Packages a Lambda bundle replaces (esbuild `alias`): the SDK's default credential chain becomes
 * environment credentials only (lambda-credentials.ts says why).
 */
export const lambdaAliases: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url)),
};

/**
 * How every Lambda is bundled, with esbuild's own API: by the construct (lambda-code.ts), the bench
 * and the bundle tests alike, so what is measured and tested is what ships.
 */
export const lambdaBuildOptions = {
  // Everything is bundled, the AWS SDK too, rather than taken from the runtime: the deployed code runs
  // the exact SDK versions the tests ran (package-lock.json), not whatever the runtime image carries
  // that week, and esbuild tree-shakes the ESM build down to the commands we call, which loads faster
  // at cold start than the runtime's full CommonJS SDK.
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: lambdaNodeTarget,
  mainFields: lambdaMainFields,
  minify: true,
  // Source maps without the sources, beside the bundle: read by hand when a stack needs it
  // (docs/operations.md, Logs), not at every cold start (lambdaNodeOptions).
  sourcemap: 'linked',
  sourcesContent: false,
  banner: { js: esmRequireBanner },
  alias: lambdaAliases,
  plugins: [lambdaSubstitutes, sdkSchemaKeys],
} as const satisfies BuildOptions;
