/**
 * Erasure's reads and deletes (the rules are in shared/use-cases/erasure/erase-person.ts): one read
 * of the therapist's partition projected to what matching needs, the pure match of a person's items
 * by address, hash and the ids they lead to, and the deletes in the order that keeps the rest
 * findable.
 */
import type { DynamoDBDocumentClient, NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './dynamo.js';
import { normaliseEmail } from './email-hash.js';
import { keys } from './keys.js';
import { lockFree } from './locks.js';
import type { TransactItem } from './outbox.js';

export interface ErasureCounts {
  enquiries: number;
  waitingListEntries: number;
  clients: number;
  bookings: number;
  returnRequests: number;
  invitations: number;
  timers: number;
  locks: number;
  guards: number;
}

export type Item = Record<string, NativeAttributeValue>;

/** The entities a person's data can be in; the rest of the partition (profile, schedule, ledger) never is. */
const entities = [
  'enquiry',
  'enquiry-guard',
  'waiting-entry',
  'waiting-guard',
  'client',
  'client-guard',
  'booking',
  'invitation',
  'return-request',
  'timer',
  'lock',
  'therapist-break',
  'break-withdrawn',
  'undelivered',
  'standing-time',
  'standing-ledger',
] as const;

/** Client-id sets on break records: who had the notice, the welcome back, a reminder, a correction. */
const breakSets = {
  'therapist-break': ['noticedClients', 'invitedClients', 'remindedClients'],
  'break-withdrawn': ['noticedClients', 'correctedClients'],
} as const;

/** Only what matching needs: no names, messages or notes leave the table. */
const projected = [
  'pk',
  'sk',
  'entity',
  'emailHash',
  'email',
  'client.email',
  'clientId',
  'enquiryId',
  'entryId',
  'bookingId',
  'invitationId',
  'subjectId',
  'status',
  'start',
  'end',
  'kind',
  'version',
  'noticedClients',
  'invitedClients',
  'remindedClients',
  'correctedClients',
];

/**
 * One consistent Query over the therapist's partition, filtered to the entities above and
 * projected to the matching attributes. Why not an index: no single attribute names all of a
 * person's items (bookings and invitations carry the address, timers and locks only an id), and a
 * GSI on emailHash would find enquiries and clients only. A partition is one therapist's practice —
 * hundreds to a few thousand small items, read in a few pages — and erasure is rare, so reading it
 * once costs less than an index every write would pay for. Consistent, so a booking made a moment
 * ago is found. Expired (TTL) items are included: DynamoDB may not have deleted them yet.
 */
export async function readPartition(
  db: DynamoDBDocumentClient,
  tableName: string,
  therapistId: string,
): Promise<Item[]> {
  const names: Record<string, string> = {};
  const path = (attribute: string) =>
    attribute
      .split('.')
      .map((part) => ((names[`#${part}`] = part), `#${part}`))
      .join('.');
  const projection = projected.map(path).join(', ');
  const values: Record<string, string> = { ':pk': keys.therapistPk(therapistId) };
  entities.forEach((e, i) => (values[`:e${i}`] = e));
  return queryAll<Item>(db, {
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: `#entity IN (${entities.map((_, i) => `:e${i}`).join(', ')})`,
    ProjectionExpression: projection,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ConsistentRead: true,
  });
}

export interface Footprint {
  enquiries: Item[];
  waitingListEntries: Item[];
  guards: Item[];
  clients: Item[];
  bookings: Item[];
  invitations: Item[];
  returnRequests: Item[];
  timers: Item[];
  locks: Item[];
  /** Break records holding one of the person's client ids, with the sets to take them out of. */
  breakRecords: { item: Item; sets: string[] }[];
  /** Notices of emails to them that could not be sent (undelivered.ts): their name, by their email hash. */
  undelivered: Item[];
  /** Their standing times and the per-client ledger beside them: ids and times only, but theirs. */
  standingTimes: Item[];
  clientIds: Set<string>;
}

export const idOf = (item: Item, prefix: string): string => String(item.sk).slice(prefix.length);
const sameAddress = (value: unknown, email: string): boolean =>
  typeof value === 'string' && normaliseEmail(value) === email;
const bySk = (a: Item, b: Item): number => (String(a.sk) < String(b.sk) ? -1 : String(a.sk) > String(b.sk) ? 1 : 0);

/** Pure: which of the partition's items are this person's (by address, hash, and the ids they lead to). */
export function footprintOf(items: readonly Item[], email: string, hash: string): Footprint {
  const of = (entity: string) => items.filter((i) => i.entity === entity);
  const guardSks = new Set([
    keys.enquiryByEmail('', hash).sk,
    keys.waitingByEmail('', hash).sk,
    keys.clientByEmail('', hash).sk,
  ]);
  const guards = items.filter((i) => guardSks.has(String(i.sk)));

  const enquiries = of('enquiry').filter((i) => i.emailHash === hash || sameAddress(i.email, email));
  const waitingListEntries = of('waiting-entry').filter((i) => i.emailHash === hash || sameAddress(i.email, email));
  // First contacts: enquiries and waiting-list entries (an offered place's invitation and booking carry the entry's id as their enquiryId).
  const enquiryIds = new Set([
    ...enquiries.map((i) => idOf(i, keys.enquiryPrefix)),
    ...waitingListEntries.map((i) => idOf(i, keys.waitingPrefix)),
    ...guards.flatMap((g) =>
      g.entity === 'enquiry-guard' ? [String(g.enquiryId)] : g.entity === 'waiting-guard' ? [String(g.entryId)] : [],
    ),
  ]);

  const guardClientIds = guards.flatMap((g) => (g.entity === 'client-guard' ? [String(g.clientId)] : []));
  const clients = of('client').filter(
    (i) => i.emailHash === hash || sameAddress(i.email, email) || guardClientIds.includes(String(i.clientId)),
  );
  const clientIds = new Set([...guardClientIds, ...clients.map((i) => String(i.clientId))]);

  const returnRequests = of('return-request').filter(
    (i) => clientIds.has(String(i.clientId)) || sameAddress(i.email, email),
  );
  const bookings = of('booking').filter(
    (i) =>
      clientIds.has(String(i.clientId)) || enquiryIds.has(String(i.enquiryId)) || sameAddress(i.client?.email, email),
  );
  const bookingIds = new Set(bookings.map((i) => idOf(i, 'BOOKING#')));
  const invitationIds = new Set(
    [...bookings, ...returnRequests].flatMap((i) => (i.invitationId ? [String(i.invitationId)] : [])),
  );
  const invitations = of('invitation').filter(
    (i) =>
      sameAddress(i.client?.email, email) ||
      clientIds.has(String(i.clientId)) ||
      enquiryIds.has(String(i.enquiryId)) ||
      invitationIds.has(idOf(i, 'INVITATION#')),
  );

  const standingTimes = [
    ...of('standing-time').filter((i) => clientIds.has(String(i.clientId))),
    ...of('standing-ledger').filter((i) =>
      [...clientIds].some((id) => String(i.sk) === keys.standingLedger('', id).sk),
    ),
  ];
  const standingIds = standingTimes.filter((i) => i.entity === 'standing-time').map((i) => idOf(i, 'STANDING#'));
  const subjects = new Set([
    ...enquiryIds,
    ...bookingIds,
    ...returnRequests.map((i) => idOf(i, keys.returnRequestPrefix)),
    ...standingIds,
  ]);
  const timers = of('timer').filter((i) => subjects.has(String(i.subjectId)));
  const locks = of('lock').filter((i) => bookingIds.has(String(i.bookingId)));

  const breakRecords = items.flatMap((item) => {
    const names: readonly string[] = breakSets[item.entity as keyof typeof breakSets] ?? [];
    const sets = names.filter((name) =>
      [...((item[name] as Set<string> | undefined) ?? [])].some((id) => clientIds.has(id)),
    );
    return sets.length > 0 ? [{ item, sets }] : [];
  });

  return {
    enquiries: enquiries.sort(bySk),
    waitingListEntries: waitingListEntries.sort(bySk),
    guards: guards.sort(bySk),
    clients: clients.sort(bySk),
    bookings: bookings.sort(bySk),
    invitations: invitations.sort(bySk),
    returnRequests: returnRequests.sort(bySk),
    timers: timers.sort(bySk),
    locks: locks.sort(bySk),
    breakRecords: breakRecords.sort((a, b) => bySk(a.item, b.item)),
    undelivered: of('undelivered')
      .filter((i) => i.emailHash === hash)
      .sort(bySk),
    standingTimes: standingTimes.sort(bySk),
    clientIds,
  };
}

export type Counted = keyof ErasureCounts | 'breakRecords' | 'hold' | 'undelivered' | 'standingTimes';
export interface ErasureWrite {
  counts: Counted;
  item: TransactItem;
}

/**
 * Every write, in the order that keeps the rest findable if a later transaction fails. Bookings
 * are deleted only in the version read, so one that changed meanwhile (confirmed, moved) stops
 * the erasure, which then reads again and re-checks for upcoming bookings.
 */
export function eraseWrites(tableName: string, therapistId: string, f: Footprint): ErasureWrite[] {
  const remove =
    (counts: Counted) =>
    (item: Item): ErasureWrite => ({
      counts,
      item: { Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } },
    });
  const ids = new Set([...f.clientIds].sort());
  return [
    ...f.locks.map(
      (l): ErasureWrite => ({
        counts: 'locks',
        item: lockFree(tableName, therapistId, Date.parse(idOf(l, 'LOCK#')), String(l.bookingId)),
      }),
    ),
    ...f.timers.map(remove('timers')),
    ...f.breakRecords.map(
      ({ item, sets }): ErasureWrite => ({
        counts: 'breakRecords',
        item: {
          Update: {
            TableName: tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: `DELETE ${sets.map((s) => `#${s} :ids`).join(', ')}${item.entity === 'therapist-break' ? ' ADD revision :one' : ''}`,
            // Never bring a deleted break back as a stub.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: Object.fromEntries(sets.map((s) => [`#${s}`, s])),
            ExpressionAttributeValues: { ':ids': ids, ...(item.entity === 'therapist-break' ? { ':one': 1 } : {}) },
          },
        },
      }),
    ),
    ...f.invitations.map(remove('invitations')),
    ...f.returnRequests.map(remove('returnRequests')),
    ...f.bookings.map(
      (b): ErasureWrite => ({
        counts: 'bookings',
        item: {
          Delete: {
            TableName: tableName,
            Key: { pk: b.pk, sk: b.sk },
            ConditionExpression: 'attribute_not_exists(pk) OR version = :v',
            ExpressionAttributeValues: { ':v': b.version },
          },
        },
      }),
    ),
    ...f.enquiries.map(remove('enquiries')),
    ...f.waitingListEntries.map(remove('waitingListEntries')),
    ...f.undelivered.map(remove('undelivered')),
    ...f.standingTimes.map(remove('standingTimes')),
    ...f.clients.map(remove('clients')),
    ...f.guards.map(remove('guards')),
  ];
}
