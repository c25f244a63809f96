/**
 * Standing-time items: a client's regular weekly or fortnightly session, in the therapist's partition
 * (`STANDING#<id>`). Its dates are ordinary booking items (bookings.ts) with `standingTimeId`, held by
 * the same lock cells as any booking; their ids come from `standingBookingId` (keys.ts).
 *
 * Access patterns (docs/data-model.md): one series by id (GetItem, consistent); a therapist's series,
 * optionally one client's (Query on the `STANDING#` prefix, consistent; a therapist has few).
 * Every change is a whole-item Put guarded by `version`, as bookings are.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StandingTime } from '../domain/standing-time.js';
import { queryAll } from './dynamo.js';
import { keys } from './keys.js';
import type { TransactItem } from './outbox.js';

export interface StandingTimeItem extends StandingTime {
  pk: string;
  sk: string;
  entity: 'standing-time';
}

const toItem = (s: StandingTime): StandingTimeItem => ({
  ...keys.standingTime(s.therapistId, s.standingTimeId),
  entity: 'standing-time',
  ...s,
});
const strip = ({ pk: _pk, sk: _sk, entity: _e, ...s }: StandingTimeItem): StandingTime => s;

/** A new series; fails the transaction if the id exists. */
export function standingTimeCreate(tableName: string, s: StandingTime): TransactItem {
  return { Put: { TableName: tableName, Item: toItem(s), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The series' next state; fails when anyone changed it since `previous` was read. */
export function standingTimeReplace(
  tableName: string,
  previous: Pick<StandingTime, 'version'>,
  next: StandingTime,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: toItem({ ...next, version: previous.version + 1 }),
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': previous.version },
    },
  };
}

export async function getStandingTime(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  standingTimeId: string,
): Promise<StandingTime | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.standingTime(therapistId, standingTimeId), ConsistentRead: true }),
  );
  return Item ? strip(Item as StandingTimeItem) : undefined;
}

/** The therapist's series in the order they were set (ids are ULIDs), optionally one client's. */
export async function listStandingTimes(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  clientId?: string,
): Promise<StandingTime[]> {
  const items = await queryAll<StandingTimeItem>(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.standingTimePrefix },
    ConsistentRead: true,
  });
  return items.map(strip).filter((s) => clientId === undefined || s.clientId === clientId);
}

/** The client's standing-time ledger version (consistent), or undefined before their first series. */
export async function getStandingLedgerVersion(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
  clientId: string,
): Promise<number | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.standingLedger(therapistId, clientId), ConsistentRead: true }),
  );
  return (Item as { version?: number } | undefined)?.version;
}

/**
 * Moves the client's ledger on from the version read: two series of one client set at once cannot
 * both pass the overlap check they each made, because only one of them finds the version it read.
 */
export function standingLedgerBump(
  tableName: string,
  therapistId: string,
  clientId: string,
  read: number | undefined,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.standingLedger(therapistId, clientId), entity: 'standing-ledger', version: (read ?? 0) + 1 },
      ...(read === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': read } }),
    },
  };
}
