import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { demoHours, ensureTable, seedTherapists } from '#infra/local/seed.js';
import { getWeeklyHours } from '#shared/store/scheduling.js';
import { localFunctionEnvironment } from '#infra/local/function-env.js';
import { ruleArn, scheduledEvent, startSweepTimer, sweepRuleArn } from '#infra/local/sweep-timer.js';
import { loadRuntimeConfig } from '#shared/config.js';
import { getTherapist } from '#shared/store/therapists.js';

const endpoint = inject('dynamodbEndpoint');
const client = new DynamoDBClient({
  endpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const db = DynamoDBDocumentClient.from(client);
const tableName = `test-seed-${randomUUID().slice(0, 8)}`;

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  client.destroy();
});

describe('seed', () => {
  it('creates the table from the shared definition once, and seeds the two therapists once', async () => {
    expect(await ensureTable(client, tableName)).toEqual({ created: true });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['gsi1', 'gsi2']);
    expect(await ensureTable(client, tableName)).toEqual({ created: false });

    expect(await seedTherapists(db, tableName)).toEqual({
      added: ['demo-therapist', 'other-therapist'],
      withHours: ['demo-therapist'],
    });
    // The demo therapist works weekdays, so the README's journey reaches real times.
    expect(await getWeeklyHours({ db, config: { tableName } }, 'demo-therapist')).toMatchObject(demoHours);
    expect(await getTherapist(db, tableName, 'demo-therapist')).toMatchObject({
      displayName: 'Sam Rivera',
      shortName: 'Sam',
      email: 'sam@threshold.local',
      timeZone: 'Europe/London',
    });
    expect(await getTherapist(db, tableName, 'other-therapist')).toMatchObject({
      displayName: 'Alex Morgan',
      shortName: 'Alex',
      timeZone: 'America/New_York',
    });

    // A change made through the API survives the next start's seeding.
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'THERAPIST#demo-therapist', sk: 'PROFILE' },
        UpdateExpression: 'SET displayName = :n',
        ExpressionAttributeValues: { ':n': 'Sam R.' },
      }),
    );
    expect(await seedTherapists(db, tableName)).toEqual({ added: [], withHours: [] });
    expect((await getTherapist(db, tableName, 'demo-therapist'))?.displayName).toBe('Sam R.');
  });
});

describe('function environment', () => {
  it('is one the functions accept, with the local rate limit for scripted walks', () => {
    const env = localFunctionEnvironment('mailer', {
      tableName: 'threshold-local',
      dynamodbEndpoint: endpoint,
      sesEndpoint: 'http://127.0.0.1:9',
      apiUrl: 'http://localhost:3000',
    });
    const config = loadRuntimeConfig(env);
    expect(config).toMatchObject({
      tableName: 'threshold-local',
      dynamodbEndpoint: endpoint,
      sesEndpoint: 'http://127.0.0.1:9',
      emailHashKey: expect.any(String),
    });
    expect(config.settings).toMatchObject({
      senderEmail: 'hello@threshold.local',
      publicBaseUrl: 'http://localhost:3000',
      rateLimitPerEmailPerDay: 5,
    });
    expect(config.settings.rateLimitPerAddressPerHour).toBeGreaterThanOrEqual(200);
    expect(env).toMatchObject({
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_SERVICE_NAME: 'threshold-mailer',
    });
    // A developer may serve a busy calendar from this machine; the CDK never sets this (test/infra).
    expect(config.calendarFetchAllowsLoopback).toBe(true);
  });
});

describe('sweep timer', () => {
  it('sends a ScheduledEvent as EventBridge does', () => {
    expect(scheduledEvent(new Date('2026-03-02T09:15:42.123Z'))).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-03-02T09:15:42Z',
      region: 'eu-west-2',
      resources: [sweepRuleArn],
      detail: {},
    });
  });

  it('stands in for the calendar sync’s schedule too, under that rule’s name', async () => {
    const events: ScheduledEvent[] = [];
    const timer = startSweepTimer({
      rule: 'calendar-sync',
      intervalMs: 60_000,
      runAtStart: true,
      sweep: async (event) => void events.push(event),
    });
    await timer.tick();
    await timer.stop();
    expect(events[0]!.resources).toEqual([ruleArn('calendar-sync')]);
    expect(ruleArn('calendar-sync')).toBe('arn:aws:events:eu-west-2:000000000000:rule/threshold-local-calendar-sync');
  });

  it('ticks on its interval and skips a tick while the previous run is going', async () => {
    const events: ScheduledEvent[] = [];
    let release: () => void = () => undefined;
    const lines: string[] = [];
    const timer = startSweepTimer({
      intervalMs: 40,
      log: (l) => lines.push(l),
      sweep: async (event) => {
        events.push(event);
        // The first run is slow: ticks during it must be skipped, not queued.
        if (events.length === 1) await new Promise<void>((r) => (release = r));
      },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toHaveLength(1);
    expect(lines.some((l) => l.includes('skipping'))).toBe(true);
    release();
    await new Promise((r) => setTimeout(r, 120));
    expect(events.length).toBeGreaterThanOrEqual(2);
    await timer.stop();
    const after = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toHaveLength(after);
  });
});
