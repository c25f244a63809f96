/**
 * esbuild settings shared by the Lambda construct (lambda-code.ts), `npm run bench` and the bundle
 * tests, so what is measured and tested is what ships.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

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
 * Packages a Lambda bundle replaces (esbuild `alias`): the SDK's default credential chain becomes
 * environment credentials only (lambda-credentials.ts says why).
 */
export const lambdaAliases: Record<string, string> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url)),
};

/**
 * Files inside packages that a Lambda bundle replaces, keyed by their path under node_modules. The
 * packages require them relatively (`require('./mime-types')`), which esbuild's `alias` does not
 * reach, so a plugin does it (`lambdaSubstitutes`). Nodemailer's MIME type table and its HTTP client
 * are never used by the mailer (every part is data with its own content type) and were 80 KB of its
 * 675 KB bundle: mail-mime-types.ts and mail-fetch.cts say why each answers as the original would.
 */
export const lambdaFileSubstitutes: Record<string, string> = {
  'nodemailer/lib/mime-funcs/mime-types.js': fileURLToPath(new URL('./mail-mime-types.ts', import.meta.url)),
  'nodemailer/lib/fetch/index.js': fileURLToPath(new URL('./mail-fetch.cts', import.meta.url)),
};

/**
 * Node built-ins that a package imports as it loads but that a Lambda never reaches, replaced for
 * that package only: package → built-in → substitute. @middy/core imports web streams for a check
 * made only when a handler streams its response (lazy-readable-stream.ts).
 */
export const lambdaBuiltinSubstitutes: Record<string, Record<string, string>> = {
  '@middy/core': { 'node:stream/web': fileURLToPath(new URL('./lazy-readable-stream.ts', import.meta.url)) },
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Resolves the imports that `lambdaFileSubstitutes` and `lambdaBuiltinSubstitutes` name to their substitutes. */
export const lambdaSubstitutes: Plugin = {
  name: 'lambda-substitutes',
  setup(build) {
    const files = Object.entries(lambdaFileSubstitutes).map(([file, substitute]) => ({ file: `/node_modules/${file}`, substitute }));
    // Only relative paths ending in one of the files' names reach JavaScript; esbuild resolves the rest.
    const names = Object.keys(lambdaFileSubstitutes).map((file) => /([^/]+?)(?:\/index)?\.js$/.exec(file)![1]!);
    const relative = new RegExp(`^\\.\\.?/(?:.*/)?(?:${names.join('|')})(?:\\.js|/index\\.js|/)?$`);
    build.onResolve({ filter: relative }, ({ path, resolveDir }) => {
      const target = join(resolveDir, path).replace(/\/$/, '');
      const candidates = [target, `${target}.js`, `${target}/index.js`];
      const hit = files.find(({ file }) => candidates.some((c) => c.endsWith(file)));
      return hit ? { path: hit.substitute } : undefined;
    });

    const builtins = [...new Set(Object.values(lambdaBuiltinSubstitutes).flatMap((byBuiltin) => Object.keys(byBuiltin)))];
    const builtin = new RegExp(`^(?:${builtins.map(escapeRegExp).join('|')})$`);
    build.onResolve({ filter: builtin }, ({ path, importer }) => {
      const pkg = Object.keys(lambdaBuiltinSubstitutes).find((name) => importer.includes(`/node_modules/${name}/`));
      const substitute = pkg ? lambdaBuiltinSubstitutes[pkg]![path] : undefined;
      return substitute ? { path: substitute } : undefined;
    });
  },
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
  plugins: [lambdaSubstitutes],
} as const satisfies BuildOptions;
