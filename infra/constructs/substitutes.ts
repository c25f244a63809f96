/**
 * What Lambda bundles replace inside the packages they bundle, beyond whole packages (`lambdaAliases`
 * in bundling.ts): files a package requires relatively, and Node built-ins a package imports, which
 * esbuild's `alias` does not reach; an esbuild plugin does (`lambdaSubstitutes`).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/**
 * Files inside packages that a Lambda bundle replaces, keyed by their path under node_modules (the
 * packages require them relatively: `require('./mime-types')`). Nodemailer's MIME type table and its
 * HTTP client are never used by the mailer (every part is data with its own content type) and were
 * 80 KB of its 675 KB bundle: mail-mime-types.ts and mail-fetch.cts say why each answers as the
 * original would.
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
    const files = Object.entries(lambdaFileSubstitutes).map(([file, substitute]) => ({
      file: `/node_modules/${file}`,
      substitute,
    }));
    // Only relative paths ending in one of the files' names reach JavaScript; esbuild resolves the rest.
    const names = Object.keys(lambdaFileSubstitutes).map((file) => /([^/]+?)(?:\/index)?\.js$/.exec(file)![1]!);
    const relative = new RegExp(`^\\.\\.?/(?:.*/)?(?:${names.join('|')})(?:\\.js|/index\\.js|/)?$`);
    build.onResolve({ filter: relative }, ({ path, resolveDir }) => {
      const target = join(resolveDir, path).replace(/\/$/, '');
      const candidates = [target, `${target}.js`, `${target}/index.js`];
      const hit = files.find(({ file }) => candidates.some((c) => c.endsWith(file)));
      return hit ? { path: hit.substitute } : undefined;
    });

    const builtins = [
      ...new Set(Object.values(lambdaBuiltinSubstitutes).flatMap((byBuiltin) => Object.keys(byBuiltin))),
    ];
    const builtin = new RegExp(`^(?:${builtins.map(escapeRegExp).join('|')})$`);
    build.onResolve({ filter: builtin }, ({ path, importer }) => {
      const pkg = Object.keys(lambdaBuiltinSubstitutes).find((name) => importer.includes(`/node_modules/${name}/`));
      const substitute = pkg ? lambdaBuiltinSubstitutes[pkg]![path] : undefined;
      return substitute ? { path: substitute } : undefined;
    });
  },
};
