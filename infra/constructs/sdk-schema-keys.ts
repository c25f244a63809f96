/**
 * An AWS SDK client describes every operation and shape of its service in one generated module
 * (dist-es/schemas/schemas_0.js), each an exported array that esbuild drops when nothing uses it.
 * But the generator writes trait objects with computed keys naming string constants of the module,
 * `{ [_h]: ["POST", …] }`, and esbuild cannot tell such a key is harmless (a computed key may run
 * code), so it keeps every schema that has one: all of SES v2, 44 KB of the mailer's bundle for the
 * one command it sends. Written as the literal strings they name, `{ "http": ["POST", …] }`, the
 * objects are the same and only the schemas a bundle uses stay.
 *
 * The SDK's own fix is under way (aws/aws-sdk-js-v3#7607: the generator is to write literal keys);
 * this can go once the clients we use ship it (its test then finds no computed key to rewrite).
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** The module with each computed key that names one of its string constants written as that string. */
export function literalSchemaKeys(source: string): string {
  const strings = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(/^const (\w+) = ("(?:[^"\\\n]|\\.)*");$/gm))
    strings.set(name!, literal!);
  return source.replace(/\[(\w+)\]:/g, (key, name: string) => (strings.has(name) ? `${strings.get(name)}:` : key));
}

/** Which modules are rewritten: the schema modules of the SDK's service clients. */
export const sdkSchemaModule = /\/node_modules\/@aws-sdk\/client-[^/]+\/dist-es\/schemas\/schemas_\d+\.js$/;

export const sdkSchemaKeys: Plugin = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: sdkSchemaModule }, async ({ path }) => ({
      contents: literalSchemaKeys(await readFile(path, 'utf8')),
      loader: 'js',
    }));
  },
};
