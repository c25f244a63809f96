/**
 * The local stack killed with emails its stream poller had not delivered, then started again: the
 * data survives on disk, but the restarted poller reads the stream from LATEST (as `npm run dev`
 * does, so an earlier run's emails are not sent twice), so only the mailer's scheduled re-drive can send them.
 * Runs a DynamoDB Local of its own on a temporary data directory, so the kill touches nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, startDynamoDbLocal, type RunningDynamoDb } from '#infra/local/emulators.js';
import { applyFunctionEnvironment, localFunctionEnvironment } from '#infra/local/function-env.js';
import { ensureTable } from '#infra/local/seed.js';
import { loadHandler, localRegion, localTableName } from '#infra/local/stack.js';
import { startStreamPoller } from '#infra/local/stream-poller.js';
import { startSweepTimer } from '#infra/local/sweep-timer.js';
import { redriveGraceMs } from '#shared/store/redrive-schedule.js';
import { resetRuntime } from '#shared/runtime.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { emailsTo } from '#test/support/mailbox.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { pendingOutbox } from '#test/support/steps/then.js';

// Quiet: the functions here log at the local stack's level otherwise.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
const sesEndpoint = inject('sesEndpoint');
const dataDir = mkdtempSync(join(tmpdir(), 'threshold-restart-'));
let dynamodb: RunningDynamoDb | undefined;
let port: number;

async function startStack(): Promise<{ created: boolean }> {
  dynamodb = await startDynamoDbLocal({ port, dataDir });
  // One process plays every function here; the mailer's needs (table, email-hash key, SES) cover the others'.
  applyFunctionEnvironment(
    localFunctionEnvironment('mailer', {
      tableName: localTableName,
      dynamodbEndpoint: dynamodb.url,
      sesEndpoint,
      apiUrl: 'http://localhost:3000',
    }),
  );
  const client = new DynamoDBClient({
    endpoint: dynamodb.url,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return await ensureTable(client, localTableName);
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  port = await freePort();
});

afterAll(async () => {
  await dynamodb?.stop();
  resetRuntime();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local stack killed with emails not yet delivered, and started again', () => {
  it('sends every one of them exactly once through the re-drive, although the stream starts from LATEST', {
    timeout: 240_000,
  }, async () => {
    expect(await startStack()).toEqual({ created: true });
    const therapist = await aTherapist();
    const clients = Array.from({ length: 10 }, () => aClient());
    const acceptedAt = new Date();
    for (const client of clients)
      expect(
        (await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client, { now: acceptedAt })).status,
      ).toBe(201);
    expect(await pendingOutbox()).toHaveLength(20);

    // Killed before the poller got to them.
    await dynamodb!.kill();
    expect(await startStack()).toEqual({ created: false });
    expect(await pendingOutbox()).toHaveLength(20);

    const mailer = await loadHandler('mailer');
    const streamed: DynamoDBRecord[] = [];
    const poller = await startStreamPoller({
      tableName: localTableName,
      dynamodbEndpoint: dynamodb!.url,
      startAt: 'LATEST',
      intervalMs: 50,
      log: () => undefined,
      consumer: async (event, context) => {
        streamed.push(...event.Records);
        return mailer!(event, context);
      },
    });
    const errors: unknown[] = [];
    // The local schedule, run as of the first tick after the grace period.
    const timer = startSweepTimer({
      sweep: mailer!,
      rule: 'redrive',
      intervalMs: 3_600_000,
      now: () => new Date(acceptedAt.getTime() + redriveGraceMs + 60_000),
      log: () => undefined,
      onError: (e) => errors.push(e),
    });
    const logs = captureLogs();
    try {
      await timer.tick();
      await timer.tick();
    } finally {
      logs.stop();
      await timer.stop();
      await poller.stop();
    }

    expect(errors).toEqual([]);
    expect(streamed).toEqual([]);
    for (const client of clients) expect(await emailsTo(sesEndpoint, client.email)).toHaveLength(1);
    expect(await emailsTo(sesEndpoint, therapist.email)).toHaveLength(10);
    expect(await pendingOutbox()).toEqual([]);
  });
});
