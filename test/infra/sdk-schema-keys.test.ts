/**
 * The SDK's schema modules are rewritten in Lambda bundles so that esbuild can drop the schemas a
 * bundle does not use (sdk-schema-keys.ts). The rewrite changes no schema, and a bundled client
 * sends the same requests and reads the same answers with it as without it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '#infra/constructs/bundling.js';
import { literalSchemaKeys, sdkSchemaKeys } from '#infra/constructs/sdk-schema-keys.js';

const clients = ['client-dynamodb', 'client-dynamodb-streams', 'client-kms', 'client-sesv2'];
const schemaModule = (client: string) =>
  join(process.cwd(), 'node_modules/@aws-sdk', client, 'dist-es/schemas/schemas_0.js');

const withRewrite = lambdaBuildOptions;
const withoutRewrite: BuildOptions = {
  ...lambdaBuildOptions,
  plugins: lambdaBuildOptions.plugins.filter((p) => p !== sdkSchemaKeys),
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'threshold-schemas-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module's exports as data: a thunk (`() => Shape$`) by the export it returns, a class by its name, a Map by its entries. */
function described(exports: Record<string, unknown>): string {
  const names = new Map<unknown, string>(Object.entries(exports).map(([name, value]) => [value, name]));
  return JSON.stringify(exports, (_, value: unknown) => {
    if (value instanceof Map) return [...value];
    if (typeof value !== 'function') return value;
    if (names.has(value)) return `export ${names.get(value)}`;
    return value.prototype ? `class ${value.name}` : `=> ${names.get((value as () => unknown)()) ?? 'another value'}`;
  });
}

describe('the rewrite', () => {
  it('leaves a module without computed keys as it is', () => {
    const source =
      'const _h = "http";\nexport var A$ = [9, n0, "A", { "http": ["POST", "/a", 200] }, () => B$];\nconst list = [_h];\n';
    expect(literalSchemaKeys(source)).toBe(source);
  });

  it('rewrites only keys that name a string constant of the module', () => {
    const source = 'const _h = "http";\nconst _n = 1;\nexport var A$ = [{ [_h]: 1, [_n]: 2, [other]: 3 }, list[_h]];\n';
    expect(literalSchemaKeys(source)).toBe(
      'const _h = "http";\nconst _n = 1;\nexport var A$ = [{ "http": 1, [_n]: 2, [other]: 3 }, list[_h]];\n',
    );
  });
});

describe.each(clients)("@aws-sdk/%s's schemas", (client) => {
  it('keep no computed key once rewritten (each names a string constant of the module)', () => {
    expect(literalSchemaKeys(readFileSync(schemaModule(client), 'utf8'))).not.toMatch(/\[\w+\]:/);
  });

  it('are the same schemas rewritten as written', async () => {
    const load = async (options: BuildOptions, name: string) => {
      const outfile = join(dir, `${client}-${name}.mjs`);
      await build({
        ...options,
        entryPoints: [schemaModule(client)],
        outfile,
        minify: false,
        sourcemap: false,
        logLevel: 'error',
      });
      return (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as Record<string, unknown>;
    };
    const [rewritten, written] = await Promise.all([load(withRewrite, 'rewritten'), load(withoutRewrite, 'written')]);
    expect(Object.keys(rewritten).length).toBeGreaterThan(10);
    expect(described(rewritten)).toBe(described(written));
  }, 60_000);
});

describe('bundled SES and DynamoDB clients, with the rewrite and without it', () => {
  /** What each bundle sent, as the service saw it. */
  const seen: Record<string, unknown[]> = {};
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // Answers as the services do: a refusal when the caller asks for one, success otherwise.
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const who = request.headers['x-probe'] as string;
        (seen[who] ??= []).push({
          method: request.method,
          url: request.url,
          type: request.headers['content-type'],
          target: request.headers['x-amz-target'],
          body,
        });
        const refuse = body.includes('refuse');
        if (request.url?.startsWith('/v2/email/outbound-emails')) {
          if (refuse)
            response
              .writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' })
              .end(JSON.stringify({ message: 'Email address is not verified.' }));
          else
            response
              .writeHead(200, { 'content-type': 'application/json' })
              .end(JSON.stringify({ MessageId: 'message-1' }));
        } else if (refuse) {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(
            JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
              message: 'The conditional request failed',
            }),
          );
        } else {
          response
            .writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
            .end(JSON.stringify({ Attributes: { pk: { S: 'a' } } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const probe = `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
const config = { region: 'eu-west-2', endpoint: process.env.ENDPOINT, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 };
const who = (next) => async (args) => { args.request.headers['x-probe'] = process.env.PROBE; return next(args); };
const ses = new SESv2Client(config);
const db = new DynamoDBClient(config);
for (const client of [ses, db]) client.middlewareStack.add(who, { step: 'build' });
const outcome = async (sent) => { try { const { $metadata, ...output } = await sent; return output; } catch (error) { return { error: error.name, message: error.message, fault: error.$fault }; } };
const email = (from) => new SendEmailCommand({ FromEmailAddress: from, Destination: { ToAddresses: ['alex@client.test'] }, Content: { Raw: { Data: Buffer.from('Subject: hi\\r\\n\\r\\nhello') } }, ConfigurationSetName: 'threshold-dev', EmailTags: [{ Name: 'outbox', Value: '01jabc' }] });
const put = (table) => new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValues: 'ALL_OLD' });
const results = [await outcome(ses.send(email('hello@threshold.test'))), await outcome(ses.send(email('refuse@threshold.test'))), await outcome(db.send(put('table'))), await outcome(db.send(put('refuse')))];
process.stdout.write(JSON.stringify(results));`;

  const run = async (options: BuildOptions, name: string) => {
    writeFileSync(join(dir, 'probe.ts'), probe);
    const file = join(dir, `probe-${name}.mjs`);
    await build({
      ...options,
      entryPoints: [join(dir, 'probe.ts')],
      outfile: file,
      nodePaths: [join(process.cwd(), 'node_modules')],
      logLevel: 'error',
    });
    const { stdout } = await promisify(execFile)(process.execPath, [file], {
      env: {
        PATH: process.env.PATH,
        ENDPOINT: endpoint,
        PROBE: name,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    return { bundle: readFileSync(file, 'utf8'), results: JSON.parse(stdout) as unknown[] };
  };

  it('send the same requests and read the same answers and refusals; the rewritten bundle holds only the schemas it uses', async () => {
    const rewritten = await run(withRewrite, 'rewritten');
    const written = await run(withoutRewrite, 'written');
    expect(rewritten.results).toEqual([
      { MessageId: 'message-1' },
      { error: 'MessageRejected', message: 'Email address is not verified.', fault: 'client' },
      { Attributes: { pk: { S: 'a' } } },
      { error: 'ConditionalCheckFailedException', message: 'The conditional request failed', fault: 'client' },
    ]);
    expect(written.results).toEqual(rewritten.results);
    expect(seen.rewritten).toHaveLength(4);
    expect(seen.rewritten).toEqual(seen.written);
    // SendEmail's route is there, SendBulkEmail's (never sent) is left out, unless nothing was rewritten.
    expect(rewritten.bundle).toContain('/v2/email/outbound-emails');
    expect(rewritten.bundle).not.toContain('/v2/email/outbound-bulk-emails');
    expect(written.bundle).toContain('/v2/email/outbound-bulk-emails');
  }, 60_000);
});
