/**
 * The local table (from the one definition CDK uses) and two therapists with fixed ids, so printed
 * tokens and URLs stay valid across restarts and isolation between therapists can be tried by hand.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from '#shared/store/table.js';
import type { WeeklyHours } from '#shared/domain/slots/types.js';
import { getWeeklyHours, saveWeeklyHours } from '#shared/store/scheduling.js';
import { getTherapist, putTherapist, type TherapistProfile } from '#shared/store/therapists.js';

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

const workingDay = [{ start: '09:00', end: '17:00' }];
/** Monday to Friday, 09:00 to 17:00 in London: the README's journey ends on real times. */
export const demoHours: WeeklyHours = {
  timeZone: 'Europe/London',
  weekly: { mon: workingDay, tue: workingDay, wed: workingDay, thu: workingDay, fri: workingDay },
};

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
 * Puts each seeded therapist that is missing, and the demo therapist's weekday hours when they have
 * none (a database from before hours were seeded gets them too). Whatever was set through the API is
 * left alone, so it survives a restart. The other therapist has no hours: a booking link of theirs
 * shows what a therapist without hours looks like.
 */
export async function seedTherapists(
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date = new Date(),
): Promise<{ added: string[]; withHours: string[] }> {
  const added: string[] = [];
  for (const profile of seededTherapists) {
    if (await getTherapist(db, tableName, profile.therapistId)) continue;
    await putTherapist(db, tableName, profile);
    added.push(profile.therapistId);
  }
  const deps = { db, config: { tableName } };
  const withHours: string[] = [];
  if (!(await getWeeklyHours(deps, demoTherapist.therapistId))) {
    await saveWeeklyHours(deps, demoTherapist.therapistId, demoHours, now);
    withHours.push(demoTherapist.therapistId);
  }
  return { added, withHours };
}
