/**
 * The local table (from the one definition CDK uses) and two therapists with fixed ids, so printed
 * tokens and URLs stay valid across restarts and isolation between therapists can be tried by hand.
 */
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from '../../shared/store/table.js';
import { getTherapist, putTherapist, type TherapistProfile } from '../../shared/store/therapists.js';

export const demoTherapist: TherapistProfile = {
  therapistId: 'demo-therapist',
  displayName: 'Sam Rivera',
  shortName: 'Sam',
  email: 'sam@threshold.local',
  timeZone: 'Europe/London',
  createdAt: '2025-01-06T09:00:00.000Z',
};

export const otherTherapist: TherapistProfile = {
  therapistId: 'other-therapist',
  displayName: 'Alex Morgan',
  shortName: 'Alex',
  email: 'alex@threshold.local',
  timeZone: 'America/New_York',
  createdAt: '2025-01-06T14:00:00.000Z',
};

export const seededTherapists = [demoTherapist, otherTherapist] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the table when missing and waits until it is ACTIVE. `created` tells whether its stream is new. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<{ created: boolean }> {
  let created = false;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    created = true;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return { created };
    await sleep(100);
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

/**
 * Puts each seeded therapist that is missing. Existing profiles are left alone, so whatever was
 * changed through the API survives a restart.
 */
export async function seedTherapists(db: DynamoDBDocumentClient, tableName: string): Promise<{ added: string[] }> {
  const added: string[] = [];
  for (const profile of seededTherapists) {
    if (await getTherapist(db, tableName, profile.therapistId)) continue;
    await putTherapist(db, tableName, profile);
    added.push(profile.therapistId);
  }
  return { added };
}
