/**
 * Builds one Lambda bundle with the settings in bundling.ts:
 * `node --import tsx infra/constructs/bundle-lambda.ts <entry> <outfile>` (lambda-code.ts runs it).
 */
import { build } from 'esbuild';
import { lambdaBuildOptions } from './bundling.js';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) throw new Error('usage: bundle-lambda.ts <entry> <outfile>');
await build({ ...lambdaBuildOptions, entryPoints: [entry], outfile, logLevel: 'warning' });
