/**
 * Therapist profiles. The therapist id is the Cognito `sub`, so the JWT's subject is the partition
 * every therapist-scoped read and write uses.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';

export interface TherapistProfile {
  therapistId: string;
  /** The name clients see and that signs every message, e.g. "Sam Rivera". */
  displayName: string;
  /** How messages refer to the therapist in a sentence, e.g. "Sam". */
  shortName: string;
  email: string;
  /** IANA zone the therapist works in. */
  timeZone: string;
  createdAt: string;
}

export async function getTherapist(db: DynamoDBDocumentClient, tableName: string, therapistId: string): Promise<TherapistProfile | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.therapist(therapistId) }));
  return Item ? (Item as TherapistProfile) : undefined;
}

export async function putTherapist(db: DynamoDBDocumentClient, tableName: string, profile: TherapistProfile): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.therapist(profile.therapistId), entity: 'therapist', ...profile } }));
}
