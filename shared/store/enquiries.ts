/**
 * Enquiry items and the one-per-day guard. An enquiry lives in its therapist's partition (so another
 * therapist's id is simply not found) and in gsi2 under the therapist's inbox, newest first.
 * Enquiry ids are random, not time-ordered: a duplicate enquiry returns the first id, and a ULID would
 * tell whoever sent the duplicate when the first one arrived — i.e. that this person wrote to this
 * therapist. The inbox is ordered by gsi2 instead.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Enquiry, EnquiryStatus } from '../domain/enquiry.js';
import { RuleViolation } from '../domain/errors.js';
import { isLive, ttlFrom } from './dynamo.js';
import { enquiryByTime, keys } from './keys.js';
import type { TransactItem } from './outbox.js';
import { table } from './table.js';

export interface EnquiryItem extends Enquiry {
  pk: string;
  sk: string;
  entity: 'enquiry';
  /** Keyed hash of the normalised email: finds a person's enquiries for erasure without the address. */
  emailHash: string;
  /** Stored so the inbox can say so without reading (or projecting) the text itself. */
  hasMessage: boolean;
  hasTimePreferences: boolean;
  gsi2pk: string;
  gsi2sk: string;
  /** Set when the enquiry closes without going further (declined, expired, withdrawn). */
  ttl?: number;
}

interface GuardItem {
  pk: string;
  sk: string;
  entity: 'enquiry-guard';
  enquiryId: string;
  ttl: number;
}

const stripItem = ({
  pk: _pk,
  sk: _sk,
  entity: _e,
  emailHash: _h,
  gsi2pk: _g,
  gsi2sk: _s,
  ttl: _t,
  hasMessage: _m,
  hasTimePreferences: _p,
  ...enquiry
}: EnquiryItem): Enquiry => enquiry;

/**
 * The enquiry and its guard, for the creating transaction. The guard makes "same email, same
 * therapist, within a day" one enquiry: its Put fails while a live guard exists.
 */
export function enquiryCreate(
  tableName: string,
  enquiry: Enquiry,
  emailHash: string,
  guardUntil: Date,
  now: Date,
): TransactItem[] {
  const item: EnquiryItem = {
    ...keys.enquiry(enquiry.therapistId, enquiry.enquiryId),
    entity: 'enquiry',
    ...enquiry,
    emailHash,
    hasMessage: Boolean(enquiry.message),
    hasTimePreferences: Boolean(enquiry.timePreferences),
    ...enquiryByTime(enquiry.therapistId, enquiry.receivedAt, enquiry.enquiryId),
  };
  const guard: GuardItem = {
    ...keys.enquiryByEmail(enquiry.therapistId, emailHash),
    entity: 'enquiry-guard',
    enquiryId: enquiry.enquiryId,
    ttl: ttlFrom(guardUntil.getTime()),
  };
  return [
    { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: tableName,
        Item: guard,
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': ttlFrom(now.getTime()) },
      },
    },
  ];
}

/** Index of the guard in `enquiryCreate`'s items, to recognise a duplicate from the cancellation reasons. */
export const guardIndexInCreate = 1;

/** The enquiry id a live guard points to: the earlier enquiry from the same person today. */
export async function findRecentEnquiryId(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  emailHash: string,
  now: Date,
): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.enquiryByEmail(therapistId, emailHash), ConsistentRead: true }),
  );
  const guard = Item as GuardItem | undefined;
  return isLive(guard, now.getTime()) ? guard!.enquiryId : undefined;
}

export async function getEnquiry(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  enquiryId: string,
  now: Date,
): Promise<Enquiry | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.enquiry(therapistId, enquiryId), ConsistentRead: true }),
  );
  const item = Item as EnquiryItem | undefined;
  return isLive(item, now.getTime()) ? stripItem(item!) : undefined;
}

/**
 * The transaction part that moves an enquiry on from `received`. The condition makes a concurrent
 * change (accept racing decline, a click racing the expiry sweep) fail the whole transaction.
 */
export function enquiryClose(tableName: string, next: Enquiry, expiresAt?: Date): TransactItem {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':status': next.status,
    ':received': 'received',
    ':closedAt': next.closedAt,
  };
  const sets = ['#status = :status', 'closedAt = :closedAt'];
  if (next.note) {
    sets.push('note = :note');
    values[':note'] = next.note;
  }
  if (expiresAt) {
    sets.push('#ttl = :ttl');
    names['#ttl'] = 'ttl';
    values[':ttl'] = ttlFrom(expiresAt.getTime());
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.enquiry(next.therapistId, next.enquiryId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#status = :received',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The transaction part that records the nudge; it fails if the enquiry moved on meanwhile. */
export function enquiryNudged(tableName: string, therapistId: string, enquiryId: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.enquiry(therapistId, enquiryId),
      UpdateExpression: 'SET nudgedAt = :now',
      ConditionExpression: '#status = :received',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':now': now.toISOString(), ':received': 'received' },
    },
  };
}

export type EnquirySummary = Omit<Enquiry, 'message' | 'timePreferences' | 'phone'> & {
  hasMessage: boolean;
  hasTimePreferences: boolean;
  hasPhone: boolean;
};

export interface EnquiryPage {
  items: EnquirySummary[];
  cursor?: string;
}

const summaryAttributes = [
  'enquiryId',
  'therapistId',
  '#status',
  '#name',
  'email',
  'phone',
  'preferredContact',
  'consent',
  'receivedAt',
  'nudgedAt',
  'closedAt',
  'note',
  'hasMessage',
  'hasTimePreferences',
];

function decodeCursor(cursor: string, gsi2pk: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const fields = ['pk', 'sk', 'gsi2pk', 'gsi2sk'];
    if (
      key.gsi2pk === gsi2pk &&
      Object.keys(key).length === fields.length &&
      fields.every((f) => typeof key[f] === 'string')
    )
      return key;
  } catch {
    // fall through: any cursor we did not hand out is refused the same way
  }
  throw new RuleViolation(
    'This cursor is not valid. Use the cursor from the previous page, or leave it out to start again.',
    'query.cursor',
  );
}

/** A therapist's enquiries, newest first, without the message text. Closed enquiries past retention are left out. */
export async function listEnquiries(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  options: { status?: EnquiryStatus; limit: number; cursor?: string },
  now: Date,
): Promise<EnquiryPage> {
  const { gsi2pk } = enquiryByTime(therapistId, '', '');
  const filters = ['(attribute_not_exists(#ttl) OR #ttl > :now)'];
  const values: Record<string, unknown> = { ':pk': gsi2pk, ':now': ttlFrom(now.getTime()) };
  if (options.status) {
    filters.push('#status = :status');
    values[':status'] = options.status;
  }
  const items: EnquirySummary[] = [];
  let startKey = options.cursor ? decodeCursor(options.cursor, gsi2pk) : undefined;
  // A filter applies after Limit, so keep reading until the page is full or the inbox ends.
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: table.indexes.byTime.name,
        KeyConditionExpression: 'gsi2pk = :pk',
        FilterExpression: filters.join(' AND '),
        ProjectionExpression: [...summaryAttributes, 'pk', 'sk', 'gsi2pk', 'gsi2sk'].join(', '),
        ExpressionAttributeNames: { '#status': 'status', '#name': 'name', '#ttl': 'ttl' },
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: options.limit - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) {
      const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, phone, ...rest } = raw as EnquiryItem;
      items.push({ ...rest, hasPhone: Boolean(phone) });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < options.limit);
  return { items, ...(startKey ? { cursor: Buffer.from(JSON.stringify(startKey)).toString('base64url') } : {}) };
}
