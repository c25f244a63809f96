/**
 * esbuild settings shared by the Lambda construct and `npm run measure`, so what is measured is
 * what ships.
 */
export const lambdaNodeTarget = 'node24';
export const lambdaMainFields = ['module', 'main'];
/**
 * ESM bundles of the AWS SDK call require() for Node built-ins; without this they fail at import with
 * "Dynamic require of node:https is not supported" (architecture.md).
 */
export const esmRequireBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
