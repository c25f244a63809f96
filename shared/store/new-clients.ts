/**
 * The therapist's new-client status (`NEW_CLIENTS` in their partition), and what first contact needs
 * to know about a therapist, read in one round trip: the profile, that status, and the check-in
 * interval from the practice settings.
 */
import { BatchGetCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultNewClientPolicy, type NewClientPolicy } from '../domain/new-clients.js';
import { defaultPracticeSettings, type PracticeSettings } from '../domain/practice-settings.js';
import { keys } from './keys.js';
import type { TherapistProfile } from './therapists.js';

interface NewClientsItem {
  pk: string;
  sk: string;
  entity: 'new-clients';
  therapistId: string;
  policy: NewClientPolicy;
  updatedAt: string;
}

export interface StoredNewClientPolicy {
  policy: NewClientPolicy;
  /** Absent while the therapist has never set it (they are open). */
  updatedAt?: string;
}

export async function getNewClientPolicy(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<StoredNewClientPolicy> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.newClients(therapistId), ConsistentRead: true }),
  );
  const item = Item as NewClientsItem | undefined;
  return item ? { policy: item.policy, updatedAt: item.updatedAt } : { policy: defaultNewClientPolicy };
}

export async function putNewClientPolicy(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  policy: NewClientPolicy,
  now: Date,
): Promise<StoredNewClientPolicy> {
  const item: NewClientsItem = {
    ...keys.newClients(therapistId),
    entity: 'new-clients',
    therapistId,
    policy,
    updatedAt: now.toISOString(),
  };
  await db.send(new PutCommand({ TableName: tableName, Item: item }));
  return { policy, updatedAt: item.updatedAt };
}

export interface FirstContactTherapist {
  therapist: TherapistProfile;
  policy: NewClientPolicy;
  checkInWeeks: number;
}

/**
 * One consistent BatchGetItem: a therapist who has just closed their list is closed to the very next
 * person. Undefined when there is no such therapist.
 */
export async function loadFirstContact(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<FirstContactTherapist | undefined> {
  let request: Record<string, unknown>[] = [
    keys.therapist(therapistId),
    keys.newClients(therapistId),
    keys.practiceSettings(therapistId),
  ];
  const found = new Map<string, Record<string, unknown>>();
  // BatchGetItem may hand back keys it did not get to (throttling): ask again for those only.
  for (let attempt = 0; request.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    if (attempt > 4) throw new Error('The first-contact read kept coming back unprocessed.');
    const out = await db.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: request, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[tableName] ?? []) found.set(String(item.sk), item);
    request = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  const profile = found.get(keys.therapist(therapistId).sk) as
    | (TherapistProfile & { pk?: string; sk?: string })
    | undefined;
  if (!profile) return undefined;
  const { pk: _pk, sk: _sk, ...therapist } = profile;
  const policy =
    (found.get(keys.newClients(therapistId).sk) as NewClientsItem | undefined)?.policy ?? defaultNewClientPolicy;
  const settings = (
    found.get(keys.practiceSettings(therapistId).sk) as { settings?: Partial<PracticeSettings> } | undefined
  )?.settings;
  return {
    therapist: therapist as TherapistProfile,
    policy,
    checkInWeeks: settings?.waitingListCheckInWeeks ?? defaultPracticeSettings.waitingListCheckInWeeks,
  };
}
