/**
 * Console sessions, kept server-side so that signing out ends them: a cookie replayed after sign-out
 * names a session that is no longer here. One item per signed-in browser, keyed by the SHA-256 of the
 * session's random id (never the id itself, so a reader of the table cannot replay one), living
 * `sessionSeconds` from sign-in whatever the identity provider's tokens say.
 *
 * Access patterns (docs/data-model.md):
 * - sign-in: PutItem `THERAPIST#<t>` / `SESSION#<hash>` (attribute_not_exists: the id is new).
 * - every console request: one consistent GetItem; absent or past its `ttl` is signed out.
 * - sign-out: DeleteItem of that one.
 * - sign out everywhere: Query pk = `THERAPIST#<t>` AND begins_with(sk, 'SESSION#'), keys only, then
 *   DeleteItem each (a therapist has a few at most: one per browser, each gone within 12 hours).
 */
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isLive, queryAll, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import { hashToken } from './tokens.js';

export interface ConsoleSession {
  therapistId: string;
  createdAt: string;
  /** When the session ends however it is used: the item's `ttl`, as an ISO instant. */
  expiresAt: string;
}

interface ConsoleSessionItem extends ConsoleSession {
  pk: string;
  sk: string;
  entity: 'console-session';
  ttl: number;
}

const keyOf = (therapistId: string, sessionId: string) => keys.consoleSession(therapistId, hashToken(sessionId));

export async function putConsoleSession(
  db: DynamoDBDocumentClient,
  tableName: string,
  sessionId: string,
  session: ConsoleSession,
): Promise<void> {
  const item: ConsoleSessionItem = {
    ...keyOf(session.therapistId, sessionId),
    entity: 'console-session',
    ...session,
    ttl: ttlFrom(Date.parse(session.expiresAt)),
  };
  await db.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
}

/** The live session, or undefined when it was ended or has run out. Consistent: a sign-out a moment ago counts. */
export async function getConsoleSession(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  sessionId: string,
  now: Date,
): Promise<ConsoleSession | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keyOf(therapistId, sessionId), ConsistentRead: true }),
  );
  const item = Item as ConsoleSessionItem | undefined;
  if (!item || !isLive(item, now.getTime())) return undefined;
  return { therapistId: item.therapistId, createdAt: item.createdAt, expiresAt: item.expiresAt };
}

export async function deleteConsoleSession(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  sessionId: string,
): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName, Key: keyOf(therapistId, sessionId) }));
}

/** Ends every console session of the therapist; answers how many there were (expired ones DynamoDB has not yet removed included). */
export async function deleteAllConsoleSessions(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<number> {
  const found = await queryAll<{ pk: string; sk: string }>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.consoleSessionPrefix },
    ProjectionExpression: 'pk, sk',
    ConsistentRead: true,
  });
  await Promise.all(
    found.map((key) => db.send(new DeleteCommand({ TableName: tableName, Key: { pk: key.pk, sk: key.sk } }))),
  );
  return found.length;
}
