/**
 * Per-file test environment: a fresh table in DynamoDB Local, the function environment pointing at
 * it and at the SES emulator, and a reset runtime so handlers pick it up.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { settingsToEnvironment, settingsSchema, type Settings } from '#shared/config.js';
import { getRuntime, resetRuntime, type Runtime } from '#shared/runtime.js';
import { createTableInput } from '#shared/store/table.js';

export interface TestEnvironment {
  tableName: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  runtime(): Runtime;
}

export const testSettings = (overrides: Partial<Settings> = {}): Settings =>
  settingsSchema.parse({
    senderEmail: 'hello@threshold.test',
    publicBaseUrl: 'https://api.threshold.test',
    ...overrides,
  });

/** Call at the top of a test file. Settings overrides apply to this file only. */
export function useTestEnvironment(overrides: Partial<Settings> = {}): TestEnvironment {
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const sesEndpoint = inject('sesEndpoint');
  const client = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  beforeAll(async () => {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    Object.assign(process.env, settingsToEnvironment(testSettings(overrides)), {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      SES_ENDPOINT: sesEndpoint,
      AWS_REGION: 'eu-west-2',
      EMAIL_HASH_KEY: 'test-email-hash-key-0123456789',
      // The tests serve busy calendars from a loopback server of their own (test/support/calendar-server.ts).
      CALENDAR_FETCH_ALLOW_LOOPBACK: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });
    resetRuntime();
  });

  afterAll(async () => {
    resetRuntime();
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
  });

  return { tableName, dynamodbEndpoint, sesEndpoint, runtime: getRuntime };
}
