/**
 * Therapist profiles. The therapist id is the Cognito `sub`, so the JWT's subject is the partition
 * every therapist-scoped read and write uses.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './dynamo.js';
import { deploymentCrisisSupport, type CrisisSupport, type Settings } from '../config.js';
import { keys } from './keys.js';
import * as z from '../zod.js';
import { RuleViolation } from '../domain/errors.js';
import { oneLineText, writtenNameMax } from '../domain/one-line-text.js';

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
  /** Crisis lines where the therapist practises, when the deployment's are not theirs (PUT /me/profile). */
  crisisSupport?: CrisisSupport;
  /** Origins of the therapist's own website(s) that may show their contact page in an iframe. */
  embedOrigins?: string[];
  /**
   * Set when ops disable the therapist (`npm run therapist -- disable`): their contact pages say
   * kindly that they are not taking messages here and first contact is refused. Every record is kept.
   */
  notTakingMessagesSince?: string;
  /** One line about fees in the therapist's own words ("£60 a session; ask about lower fees"), shown before a time is chosen. */
  fees?: string;
}

/** Whether people may write to this therapist here (ops have not disabled them). */
export const takesMessages = (profile: Pick<TherapistProfile, 'notTakingMessagesSince'>): boolean =>
  profile.notTakingMessagesSince === undefined;

/** The crisis lines a therapist's clients see: their own where set, else the deployment's. */
export const crisisSupportOf = (
  profile: Pick<TherapistProfile, 'crisisSupport'> | undefined,
  settings: Pick<Settings, 'crisisLines' | 'crisisRegion'>,
): CrisisSupport => profile?.crisisSupport ?? deploymentCrisisSupport(settings);

export async function getTherapist(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<TherapistProfile | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.therapist(therapistId) }));
  return Item ? (Item as TherapistProfile) : undefined;
}

/**
 * The names every page and email shows, checked where the profile is written with the same one-line
 * rules the emails render by (shared/domain/one-line-text.ts): a profile that is stored can sign every
 * email.
 */
const profileNames = z.object({
  displayName: oneLineText({ what: 'the display name', max: writtenNameMax }),
  shortName: oneLineText({ what: 'the short name', max: writtenNameMax }),
});

/** Refuses (RuleViolation, naming the field) a name no email could show. */
export function assertProfileNames(profile: Pick<TherapistProfile, 'displayName' | 'shortName'>): void {
  const checked = profileNames.safeParse(profile);
  if (checked.success) return;
  const issue = checked.error.issues[0]!;
  throw new RuleViolation(issue.message, String(issue.path[0]));
}

export async function putTherapist(
  db: DynamoDBDocumentClient,
  tableName: string,
  profile: TherapistProfile,
): Promise<void> {
  assertProfileNames(profile);
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.therapist(profile.therapistId), entity: 'therapist', ...profile },
    }),
  );
}

/** Puts a new profile only where none exists: false when one does (it is left as it is). */
export async function createTherapist(
  db: DynamoDBDocumentClient,
  tableName: string,
  profile: TherapistProfile,
): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.therapist(profile.therapistId), entity: 'therapist', ...profile },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Stops (`since`) or restarts (undefined) messages to an existing therapist; nothing else on the
 * profile changes. The profile as it now is, or false when there is none.
 */
export async function setTakingMessages(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  since: Date | undefined,
): Promise<TherapistProfile | false> {
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.therapist(therapistId),
        UpdateExpression: since
          ? 'SET notTakingMessagesSince = if_not_exists(notTakingMessagesSince, :since)'
          : 'REMOVE notTakingMessagesSince',
        ConditionExpression: 'attribute_exists(pk)',
        ...(since ? { ExpressionAttributeValues: { ':since': since.toISOString() } } : {}),
        ReturnValues: 'ALL_NEW',
      }),
    );
    const {
      pk: _pk,
      sk: _sk,
      entity: _entity,
      ...profile
    } = Attributes as TherapistProfile & { pk: string; sk: string; entity: string };
    return profile;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** What a therapist sets about how the public meets them; the rest of the profile is left as it is. */
export interface PublicSettings {
  crisisSupport?: CrisisSupport | undefined;
  embedOrigins: string[];
  /** A string sets the fees line, null removes it, undefined leaves it as saved. */
  fees?: string | null | undefined;
}

/** One UpdateItem on an existing profile: the new settings, or false when there is no profile. */
export async function setPublicSettings(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  settings: PublicSettings,
): Promise<TherapistProfile | false> {
  const own = settings.crisisSupport !== undefined;
  const set = [
    'embedOrigins = :origins',
    ...(own ? ['crisisSupport = :crisis'] : []),
    ...(typeof settings.fees === 'string' ? ['fees = :fees'] : []),
  ];
  const remove = [...(own ? [] : ['crisisSupport']), ...(settings.fees === null ? ['fees'] : [])];
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.therapist(therapistId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':origins': settings.embedOrigins,
          ...(own ? { ':crisis': settings.crisisSupport } : {}),
          ...(typeof settings.fees === 'string' ? { ':fees': settings.fees } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as TherapistProfile;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
