/**
 * Starts DynamoDB Local and the SES emulator once for the whole run, on free ports. Each test file
 * creates its own table (test/support/environment.ts), so files never see each other's data.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startSesEmulator, type RunningService } from '#infra/local/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    sesEndpoint: string;
  }
}

let services: RunningService[] = [];

export async function setup(project: TestProject): Promise<void> {
  const [dynamodb, ses] = await Promise.all([startDynamoDbLocal(), startSesEmulator()]);
  services = [dynamodb, ses];
  project.provide('dynamodbEndpoint', dynamodb.url);
  project.provide('sesEndpoint', ses.url);
}

export async function teardown(): Promise<void> {
  await Promise.all(services.map((s) => s.stop()));
}
