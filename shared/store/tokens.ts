/**
 * Link tokens: random, high-entropy, single-use, expiring. Only the token's hash is stored, with its
 * purpose and subject; a token never authorises anything beyond them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LinkGone, LinkInvalid } from '../domain/errors.js';
import { ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export type TokenPurpose =
  | 'enquiry-accept'
  | 'enquiry-decline'
  | 'invitation'
  | 'booking-confirm'
  | 'booking-decline'
  | 'booking-manage'
  | 'waiting-stay'
  | 'waiting-leave';

export interface TokenItem {
  pk: string;
  sk: string;
  entity: 'token';
  purpose: TokenPurpose;
  therapistId: string;
  subjectId: string;
  expiresAt: string;
  usedAt?: string;
  ttl: number;
}

/** Kept a while after expiry so a late click is told "expired" (410) rather than "not valid" (401). */
const graceMs = 30 * 24 * 60 * 60 * 1000;
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export interface IssuedToken {
  token: string;
  put: TransactItem;
}

export function issueToken(
  tableName: string,
  purpose: TokenPurpose,
  therapistId: string,
  subjectId: string,
  expiresAt: Date,
): IssuedToken {
  const token = randomBytes(32).toString('base64url');
  const item: TokenItem = {
    ...keys.token(hashToken(token)),
    entity: 'token',
    purpose,
    therapistId,
    subjectId,
    expiresAt: expiresAt.toISOString(),
    ttl: ttlFrom(expiresAt.getTime() + graceMs),
  };
  return { token, put: { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } } };
}

/** The token's record if it may still be used; otherwise LinkInvalid (never issued or altered) or LinkGone. */
export async function readToken(
  db: DynamoDBDocumentClient,
  tableName: string,
  token: string,
  now: Date,
  purposes?: readonly TokenPurpose[],
): Promise<TokenItem> {
  if (!tokenShape.test(token)) throw new LinkInvalid();
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.token(hashToken(token)), ConsistentRead: true }),
  );
  const item = Item as TokenItem | undefined;
  if (!item || item.ttl * 1000 <= now.getTime() || (purposes && !purposes.includes(item.purpose)))
    throw new LinkInvalid();
  if (item.usedAt) throw new LinkGone('used', item.therapistId);
  if (Date.parse(item.expiresAt) <= now.getTime()) throw new LinkGone('expired', item.therapistId);
  return item;
}

/** The transaction part that spends a token; it fails if the token was used or expired meanwhile. */
export function consumeToken(tableName: string, token: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.token(hashToken(token)),
      UpdateExpression: 'SET usedAt = :now',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}
