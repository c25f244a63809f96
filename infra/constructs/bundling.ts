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
