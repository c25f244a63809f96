/**
 * What goes into a Lambda bundle, built with the construct's esbuild settings (bundling.ts), and what
 * importing it does: the SDK's default credential chain stays out, the environment credentials that
 * stand in for it are what a client actually uses, nodemailer's unused parts stay out, and nothing
 * wakes ICU or loads web streams at import. The construct ships exactly that build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundFunctions, capabilities } from '#shared/manifest/routes.js';
import { lambdaBuildOptions } from '#infra/constructs/bundling.js';
import { bundleFile, bundledCode } from '#infra/constructs/lambda-code.js';

const functions = [...capabilities, ...backgroundFunctions];
/** zod's classic API: method-rich classes that bring its JSON Schema generator (the OpenAPI script's, not a Lambda's). */
const classicZod = /node_modules\/zod\/(v4\/classic\/|v4\/core\/(to-json-schema|json-schema-processors)\.js)/;
/** Nodemailer's MIME type table and HTTP client, which the mailer never uses (lambdaFileSubstitutes). */
const unusedNodemailer = /node_modules\/nodemailer\/(lib\/mime-funcs\/mime-types\.js|lib\/fetch\/|package\.json)/;
const credentialChain =
  /node_modules\/@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients|token-providers)\/|node_modules\/@smithy\/credential-provider-imds\//;

const inputsOf = (metafile: Metafile): string[] =>
  Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));

let dir: string;
const metafiles = new Map<string, Metafile>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'threshold-bundles-'));
  await Promise.all(
    functions.map(async (name) => {
      const { metafile } = await build({
        ...lambdaBuildOptions,
        entryPoints: [`functions/${name}/handler.ts`],
        outfile: join(dir, `${name}.mjs`),
        metafile: true,
        logLevel: 'error',
      });
      metafiles.set(name, metafile);
    }),
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reports every Intl constructor and locale method called while a module is imported. */
const icuSpy = `
const calls = [];
const spy = (owner, key, label) => {
  const real = owner[key];
  owner[key] = new Proxy(real, {
    apply: (f, self, args) => (calls.push(label), Reflect.apply(f, self, args)),
    construct: (f, args, target) => (calls.push(label), Reflect.construct(f, args, target)),
  });
};
for (const key of ['toLocaleString']) spy(Number.prototype, key, 'Number#' + key);
for (const key of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) spy(Date.prototype, key, 'Date#' + key);
spy(String.prototype, 'localeCompare', 'String#localeCompare');
for (const key of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames']) spy(Intl, key, 'Intl.' + key);
await import(process.argv[1]);
process.stdout.write(JSON.stringify(calls));`;

/** Reports the web stream modules Node loaded while a module was imported. */
const webStreamsSpy = `
const before = new Set(process.moduleLoadList);
await import(process.argv[1]);
process.stdout.write(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m) && /webstreams|stream\\/web/.test(m))));`;

describe.each(functions)('the %s bundle', (name) => {
  it('leaves out the credential chain a Lambda never uses (config files, SSO, STS, instance metadata)', () => {
    expect(inputsOf(metafiles.get(name)!).filter((i) => credentialChain.test(i))).toEqual([]);
  });

  it("leaves out nodemailer's MIME type table and HTTP client", () => {
    expect(inputsOf(metafiles.get(name)!).filter((i) => unusedNodemailer.test(i))).toEqual([]);
  });

  it('uses zod/mini: no classic zod, no JSON Schema generator', () => {
    expect(inputsOf(metafiles.get(name)!).filter((i) => classicZod.test(i))).toEqual([]);
  });

  it('keeps zod\'s English messages (shared/zod.ts): without them mini says only "Invalid input"', () => {
    expect(inputsOf(metafiles.get(name)!)).toContain('node_modules/zod/v4/locales/en.js');
  });

  it('wakes no ICU at import (its first use costs about 10 ms of every cold start)', () => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', icuSpy, pathToFileURL(join(dir, `${name}.mjs`)).href],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("loads no web streams at import (middy's one use of them is for streamed responses)", () => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', webStreamsSpy, pathToFileURL(join(dir, `${name}.mjs`)).href],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});

describe('code that only some functions need', () => {
  const bundling = (pattern: RegExp) =>
    functions.filter((name) => inputsOf(metafiles.get(name)!).some((i) => pattern.test(i)));

  it('ical.js (76 KB) is in the functions that read or write calendars, and no other', () => {
    expect(bundling(/node_modules\/ical\.js\//)).toEqual(['calendars', 'mailer', 'calendar-sync']);
  });

  it("the mailer's catalogue of every template is in the mailer alone: the console's previews bring only their own templates", () => {
    expect(bundling(/^shared\/email\/templates\/index\.ts$/)).toEqual(['mailer']);
    expect(bundling(/^shared\/email\/templates\/enquiry-accepted\.ts$/)).toEqual(['console', 'mailer']);
  });
});

describe('a bundled SDK client', () => {
  const probe = `
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
try { await client.send(new ListTablesCommand({})); } catch (error) { process.stdout.write(JSON.stringify({ name: error.name, message: error.message })); }`;
  let file: string;

  beforeAll(async () => {
    writeFileSync(join(dir, 'probe.ts'), probe);
    file = join(dir, 'probe.mjs');
    await build({
      ...lambdaBuildOptions,
      entryPoints: [join(dir, 'probe.ts')],
      outfile: file,
      nodePaths: [join(process.cwd(), 'node_modules')],
      logLevel: 'error',
    });
  });

  const run = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, [file], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    });
    return JSON.parse(result.stdout) as { name: string; message: string };
  };

  it('signs with the credentials Lambda puts in the environment (the request then reaches the network)', () => {
    const outcome = run({
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
    });
    expect(outcome.message).toMatch(/ECONNREFUSED|connect/i);
  });

  it('looks nowhere else: without them it says so at once', () => {
    expect(run({ HOME: dir, AWS_PROFILE: 'someone' })).toEqual({
      name: 'CredentialsProviderError',
      message: 'Unable to find environment variable credentials.',
    });
  });
});

describe("the construct's code", () => {
  it('is the bundle built with these settings, byte for byte, with its source map beside it; one for each handler', async () => {
    const app = new App({ outdir: join(dir, 'cdk.out') });
    const stack = new Stack(app, 'Bundles');
    const assetOf = (entry: string) =>
      join(
        dir,
        'cdk.out',
        `asset.${bundledCode(entry)
          .bind(new Construct(stack, entry))
          .s3Location!.objectKey.replace(/\.zip$/, '')}`,
      );
    const mailer = assetOf('functions/mailer/handler.ts');
    const sweep = assetOf('functions/sweep/handler.ts');
    expect(readdirSync(mailer).sort()).toEqual([bundleFile, `${bundleFile}.map`]);
    expect(readFileSync(join(sweep, bundleFile)).equals(readFileSync(join(mailer, bundleFile)))).toBe(false);

    // Beside the assets, so the map's relative source paths match too.
    const built = join(dir, 'cdk.out', 'built', bundleFile);
    await build({
      ...lambdaBuildOptions,
      entryPoints: ['functions/mailer/handler.ts'],
      outfile: built,
      logLevel: 'error',
    });
    expect(readFileSync(join(mailer, bundleFile)).equals(readFileSync(built))).toBe(true);
    expect(readFileSync(join(mailer, `${bundleFile}.map`)).equals(readFileSync(`${built}.map`))).toBe(true);
  }, 60_000);
});
