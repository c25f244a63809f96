/**
 * Invitation items and the transaction parts that move them (see domain/invitation.ts for the
 * states). Each part carries its own condition, so a booking written together with it fails as a
 * whole when the invitation has moved on (a second request, a booked invitation, an expired one).
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invitation } from '../domain/invitation.js';
import { isLive, queryAll, ttlFrom } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export interface InvitationItem extends Invitation {
  pk: string;
  sk: string;
  entity: 'invitation';
  updatedAt: string;
  /** The invitation holds a name and an email: it expires a retention period after the link does. */
  ttl: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const strip = ({ pk: _pk, sk: _sk, entity: _e, updatedAt: _u, ttl: _t, ...invitation }: InvitationItem): Invitation =>
  invitation;

/** The new invitation, for the transaction that makes it (with its token). */
export function invitationCreate(tableName: string, invitation: Invitation, retentionDays = 90): TransactItem {
  const item: InvitationItem = {
    ...keys.invitation(invitation.therapistId, invitation.invitationId),
    entity: 'invitation',
    ...invitation,
    updatedAt: invitation.createdAt,
    ttl: ttlFrom(Date.parse(invitation.expiresAt) + retentionDays * DAY_MS),
  };
  return { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * A request that needs the therapist's confirmation holds the invitation: open and not expired →
 * pending with this booking. Fails when another request holds it, when it is booked, or expired.
 */
export function invitationHold(
  tableName: string,
  invitation: Pick<Invitation, 'therapistId' | 'invitationId'>,
  bookingId: string,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.invitation(invitation.therapistId, invitation.invitationId),
      UpdateExpression: 'SET #status = :pending, pendingBookingId = :booking, updatedAt = :now',
      ConditionExpression: '#status = :open AND expiresAt > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':open': 'open',
        ':booking': bookingId,
        ':now': now.toISOString(),
      },
    },
  };
}

/**
 * The held request was declined or expired (or cancelled before confirmation): the invitation is
 * open again so its holder can choose another time. Fails unless this booking is the one holding it.
 * It does not look at expiresAt: a released invitation past its expiry is open but books nothing.
 */
export function invitationRelease(
  tableName: string,
  therapistId: string,
  invitationId: string,
  bookingId: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.invitation(therapistId, invitationId),
      UpdateExpression: 'SET #status = :open REMOVE pendingBookingId',
      ConditionExpression: 'pendingBookingId = :booking',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open', ':booking': bookingId },
    },
  };
}

/**
 * The client cancelled the confirmed booking the invitation led to: open again, so they can choose
 * another time with it while it lasts. Only from the booking named, and only before it expires.
 */
export function invitationReopen(
  tableName: string,
  therapistId: string,
  invitationId: string,
  bookingId: string,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.invitation(therapistId, invitationId),
      UpdateExpression: 'SET #status = :open, updatedAt = :now REMOVE bookingId',
      ConditionExpression: '#status = :booked AND bookingId = :booking AND expiresAt > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':open': 'open',
        ':booked': 'booked',
        ':booking': bookingId,
        ':now': now.toISOString(),
      },
    },
  };
}

/**
 * The invitation led to a confirmed booking → booked. Two ways in, and only these:
 * - confirming the request that holds it: pendingBookingId = bookingId (expiry is not checked: the
 *   request was made in time and has held the slot since);
 * - auto-confirm, booked straight from open (no hold first): status = open with no request holding it
 *   and, when `now` is given, not expired. Pass `now` on this path; without it the caller must have
 *   read the invitation as unexpired just before (readInvitationByToken does).
 * A booked invitation fails both, so it can never book twice.
 */
export function invitationBook(
  tableName: string,
  therapistId: string,
  invitationId: string,
  bookingId: string,
  now?: Date,
): TransactItem {
  const values: Record<string, unknown> = { ':booked': 'booked', ':open': 'open', ':booking': bookingId };
  let fromOpen = '(#status = :open AND attribute_not_exists(pendingBookingId))';
  if (now) {
    fromOpen = '(#status = :open AND attribute_not_exists(pendingBookingId) AND expiresAt > :now)';
    values[':now'] = now.toISOString();
  }
  return {
    Update: {
      TableName: tableName,
      Key: keys.invitation(therapistId, invitationId),
      UpdateExpression: `SET #status = :booked, bookingId = :booking${now ? ', updatedAt = :now' : ''} REMOVE pendingBookingId`,
      ConditionExpression: `pendingBookingId = :booking OR ${fromOpen}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * A place offered from the waiting list is taken back (the person left, or the therapist took them
 * off the list): the link stops booking now. Fails while a request holds the invitation or once it
 * is booked — then the booking, not the list, is what there is to change.
 */
export function invitationWithdraw(
  tableName: string,
  therapistId: string,
  invitationId: string,
  now: Date,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.invitation(therapistId, invitationId),
      UpdateExpression: 'SET expiresAt = :now, withdrawnAt = :now, updatedAt = :now',
      ConditionExpression: '#status = :open AND attribute_not_exists(pendingBookingId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':open': 'open', ':now': now.toISOString() },
    },
  };
}

export async function getInvitation(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  invitationId: string,
  now: Date,
): Promise<Invitation | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.invitation(therapistId, invitationId), ConsistentRead: true }),
  );
  const item = Item as InvitationItem | undefined;
  return isLive(item, now.getTime()) ? strip(item!) : undefined;
}

/**
 * A therapist's invitations still open to book now (one Query of the INVITATION# items, filtered
 * here): open, not yet expired, no request holding them. Each is kept until its retention ends, so
 * expired and booked ones are read and left out.
 */
export async function listOpenInvitations(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  now: Date,
): Promise<Invitation[]> {
  const items = await queryAll<InvitationItem>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': 'INVITATION#' },
  });
  return items
    .filter((i) => isLive(i, now.getTime()) && i.status === 'open' && Date.parse(i.expiresAt) > now.getTime())
    .map(strip);
}
