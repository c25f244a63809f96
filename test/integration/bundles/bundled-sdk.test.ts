/**
 * Every kind of DynamoDB and SES call the functions make, from a bundle built with the Lambda
 * settings (infra/constructs/bundling.ts), against DynamoDB Local and the SES emulator: the SDK's
 * schema modules are rewritten there (sdk-schema-keys.ts), and the calls answer as they do from a
 * bundle without the rewrite. (KMS, which only the deploy-time key resource calls, has no local
 * service; its schema module is compared shape for shape in test/infra/sdk-schema-keys.test.ts.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '#infra/constructs/bundling.js';
import { sdkSchemaKeys } from '#infra/constructs/sdk-schema-keys.js';
import { useTestEnvironment } from '#test/support/environment.js';

const env = useTestEnvironment();

const probe = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
const { PREFIX: p, TABLE_NAME: TableName } = process.env;
const config = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 };
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...config, endpoint: process.env.DYNAMODB_ENDPOINT }));
const ses = new SESv2Client({ ...config, endpoint: process.env.SES_ENDPOINT });
const outcome = async (sent) => {
  try { const { $metadata, MessageId, ...output } = await sent; return MessageId ? { ...output, MessageId: typeof MessageId } : output; }
  catch (error) { return { error: error.name, fault: error.$fault, reasons: error.CancellationReasons?.map((r) => r.Code) }; }
};
const key = (sk) => ({ pk: p + '#therapist', sk });
const results = [
  await outcome(db.send(new PutCommand({ TableName, Item: { ...key('booking#1'), n: 1, gsi2pk: p + '#byTime', gsi2sk: '2026-03-02T10:00:00Z#1' }, ConditionExpression: 'attribute_not_exists(pk)' }))),
  await outcome(db.send(new PutCommand({ TableName, Item: { ...key('booking#1'), n: 9 }, ConditionExpression: 'attribute_not_exists(pk)' }))),
  await outcome(db.send(new GetCommand({ TableName, Key: key('booking#1'), ConsistentRead: true }))),
  await outcome(db.send(new UpdateCommand({ TableName, Key: key('booking#1'), UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'ALL_NEW' }))),
  await outcome(db.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': p + '#therapist', ':s': 'booking#' }, ConsistentRead: true }))),
  await outcome(db.send(new QueryCommand({ TableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': p + '#byTime' } }))),
  await outcome(db.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [key('booking#1'), key('booking#none')] } } }))),
  await outcome(db.send(new TransactWriteCommand({ TransactItems: [
    { Put: { TableName, Item: { ...key('booking#2'), n: 2 } } },
    { ConditionCheck: { TableName, Key: key('booking#1'), ConditionExpression: 'n = :n', ExpressionAttributeValues: { ':n': 99 } } },
  ] }))),
  await outcome(db.send(new TransactWriteCommand({ TransactItems: [
    { Put: { TableName, Item: { ...key('booking#2'), n: 2 } } },
    { Update: { TableName, Key: key('booking#1'), UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 3 } } },
  ] }))),
  await outcome(db.send(new DeleteCommand({ TableName, Key: key('booking#1'), ReturnValues: 'ALL_OLD' }))),
  await outcome(db.send(new GetCommand({ TableName, Key: key('booking#2'), ConsistentRead: true }))),
  await outcome(ses.send(new SendEmailCommand({
    FromEmailAddress: 'hello@threshold.test', Destination: { ToAddresses: ['alex@client.test'] },
    Content: { Raw: { Data: Buffer.from('From: hello@threshold.test\\r\\nTo: alex@client.test\\r\\nSubject: ' + p + '\\r\\n\\r\\nHello\\r\\n') } },
    EmailTags: [{ Name: 'outbox', Value: p }],
  }))),
];
process.stdout.write(JSON.stringify(results));`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'threshold-bundled-sdk-'));
  writeFileSync(join(dir, 'probe.ts'), probe);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(options: BuildOptions, name: string): Promise<unknown[]> {
  const file = join(dir, `${name}.mjs`);
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
      PREFIX: name,
      TABLE_NAME: env.tableName,
      DYNAMODB_ENDPOINT: env.dynamodbEndpoint,
      SES_ENDPOINT: env.sesEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  return JSON.parse(stdout) as unknown[];
}

describe('a Lambda bundle calling DynamoDB Local and the SES emulator', () => {
  it('gets the answers, refusals and cancellation reasons the calls get from a bundle without the schema rewrite', async () => {
    const rewritten = await run(lambdaBuildOptions, 'rewritten');
    const written = await run(
      { ...lambdaBuildOptions, plugins: lambdaBuildOptions.plugins.filter((p) => p !== sdkSchemaKeys) },
      'written',
    );
    const item = (n: number, extra = {}) => ({ pk: 'rewritten#therapist', sk: 'booking#1', n, ...extra });
    const byTime = { gsi2pk: 'rewritten#byTime', gsi2sk: '2026-03-02T10:00:00Z#1' };
    expect(rewritten).toEqual([
      {},
      { error: 'ConditionalCheckFailedException', fault: 'client' },
      { Item: item(1, byTime) },
      { Attributes: item(2, byTime) },
      { Items: [item(2, byTime)], Count: 1, ScannedCount: 1 },
      { Items: [item(2, byTime)], Count: 1, ScannedCount: 1 },
      { Responses: { [env.tableName]: [item(2, byTime)] }, UnprocessedKeys: {} },
      { error: 'TransactionCanceledException', fault: 'client', reasons: ['None', 'ConditionalCheckFailed'] },
      {},
      { Attributes: item(3, byTime) },
      { Item: { pk: 'rewritten#therapist', sk: 'booking#2', n: 2 } },
      { MessageId: 'string' },
    ]);
    expect(JSON.stringify(written).replaceAll('written#', 'rewritten#')).toBe(JSON.stringify(rewritten));
  }, 120_000);
});
