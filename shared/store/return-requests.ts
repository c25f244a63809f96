/**
 * Return request items, in the therapist's partition (a foreign id is simply not found).
 * Access patterns:
 * - one request: GetItem pk=THERAPIST#<t>, sk=RETURN#<returnId>
 * - the therapist's requests, newest first: Query pk=THERAPIST#<t> AND begins_with(sk, 'RETURN#'),
 *   ScanIndexForward=false (ids are ULIDs), status as a filter. No GSI: requests are few.
 * The person's message is on this item only: never in an outbox message, never logged. A declined
 * request expires after the retention period (TTL), like a declined enquiry.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReturnRequest, ReturnStatus } from '../domain/return-request.js';
import { isLive, queryAll, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

interface ReturnItem extends ReturnRequest {
  pk: string;
  sk: string;
  entity: 'return-request';
  ttl?: number;
}

const strip = ({ pk: _pk, sk: _sk, entity: _e, ttl: _t, ...request }: ReturnItem): ReturnRequest => request;

export function returnRequestCreate(tableName: string, request: ReturnRequest): TransactItem {
  const item: ReturnItem = {
    ...keys.returnRequest(request.therapistId, request.returnId),
    entity: 'return-request',
    ...request,
  };
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The therapist's answer; fails unless the request is still pending (two answers cannot both win). */
export function returnRequestAnswer(
  tableName: string,
  request: Pick<ReturnRequest, 'therapistId' | 'returnId'>,
  answer: Pick<ReturnRequest, 'status' | 'respondedAt' | 'note' | 'invitationId'>,
  expiresAt?: Date,
): TransactItem {
  const values: Record<string, unknown> = {
    ':status': answer.status,
    ':pending': 'pending',
    ':at': answer.respondedAt,
  };
  const sets = ['#status = :status', 'respondedAt = :at'];
  if (answer.note) (values[':note'] = answer.note), sets.push('note = :note');
  if (answer.invitationId) (values[':inv'] = answer.invitationId), sets.push('invitationId = :inv');
  if (expiresAt) (values[':ttl'] = ttlFrom(expiresAt.getTime())), sets.push('#ttl = :ttl');
  return {
    Update: {
      TableName: tableName,
      Key: keys.returnRequest(request.therapistId, request.returnId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status', ...(expiresAt ? { '#ttl': 'ttl' } : {}) },
      ExpressionAttributeValues: values,
    },
  };
}

/** A transaction part that writes nothing but fails once the request has been answered. */
export function returnRequestPending(
  tableName: string,
  request: Pick<ReturnRequest, 'therapistId' | 'returnId'>,
): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.returnRequest(request.therapistId, request.returnId),
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
    },
  };
}

export async function getReturnRequest(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  returnId: string,
  now: Date,
): Promise<ReturnRequest | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.returnRequest(therapistId, returnId), ConsistentRead: true }),
  );
  const item = Item as ReturnItem | undefined;
  return isLive(item, now.getTime()) ? strip(item!) : undefined;
}

/** Newest first, optionally of one status. */
export async function listReturnRequests(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  now: Date,
  status?: ReturnStatus,
): Promise<ReturnRequest[]> {
  const items = await queryAll<ReturnItem>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ...(status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
    ExpressionAttributeValues: {
      ':pk': keys.therapistPk(therapistId),
      ':prefix': keys.returnRequestPrefix,
      ...(status ? { ':status': status } : {}),
    },
    ScanIndexForward: false,
  });
  return items.filter((item) => isLive(item, now.getTime())).map(strip);
}
