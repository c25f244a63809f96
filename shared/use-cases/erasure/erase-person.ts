/**
 * A therapist erases one person's data from their own partition (docs/voice-and-privacy.md "What is kept": the
 * free-text message is removed by erasure). The person is named by email; everything of theirs is
 * found from its keyed hash and the ids it leads to, and deleted in transactions of at most 100
 * items. Only the caller's partition `THERAPIST#<therapistId>` is read or changed, so another
 * therapist's client with the same address is untouched.
 *
 * What is removed: enquiries (with the message) and their timers, waiting-list entries (with the
 * message) and their check-in and offer timers, the enquiry, waiting-list and client email guards,
 * the client record, bookings (by clientId, enquiryId — a waiting-list entry's id stands as one when
 * it led to a booking — or address) with their lock cells and timers, invitations, return requests
 * (with the message) and their timers, notices of emails to them that could not be sent; the person's
 * client id is taken out of break records (who had a notice, an invitation, a reminder, a correction).
 *
 * Refused (409) while the person has an upcoming booking (requested or confirmed, not yet over):
 * deleting it silently would leave the therapist's diary expecting someone and the person
 * expecting an appointment. The therapist cancels it first (the person gets a kind note), then
 * erases.
 *
 * Left alone, on purpose:
 * - Outbox items (`OUTBOX#<id>`, outside any partition, not findable by person without a Scan).
 *   Sent and suppressed ones keep no recipient or content and expire 30 days after they were
 *   written. Those still pending (the re-drive tries them for 30 days) or failed (kept 30 days for
 *   ops to send again) must not reach the person now: the first transaction writes an erasure hold
 *   (email/suppression.ts) that the mailer and the re-drive read before every send, so they mark
 *   them `suppressed` instead. The hold covers only this therapist's emails queued up to now, and
 *   expires when none of them could be sent any more (61 days).
 *   Caveat: a cancellation the therapist made just before erasing is held too if the mailer has
 *   not sent it yet (normally it goes within seconds).
 * - Link tokens (`TOKEN#<sha256>`): purpose, therapist id and subject id only, no personal data;
 *   they expire, and their subject is gone, so a late click finds nothing.
 * - Rate counters (`RATE#…#<hash>`, a count, shared across therapists, gone within a day),
 *   idempotency records (24 h), SES's own suppression list, PITR backups (35 days). See
 *   docs/operations.md, *Retention and erasure*.
 *
 * Idempotent: a second run finds nothing and writes nothing. Deletes run dependents first (locks,
 * timers, invitations, returns, bookings, enquiries and waiting-list entries, then the client and the guards), because the
 * later records are how the earlier ones are found: a run interrupted between transactions is
 * finished by running it again.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { activeBookingStatuses, type BookingStatus } from '../../domain/booking.js';
import { StateConflict } from '../../domain/errors.js';
import { erasureHoldItem } from '../../email/suppression.js';
import { isConditionFailure, queryAll } from '../../store/dynamo.js';
import { emailHash, loadEmailHashKey, normaliseEmail } from '../../store/email-hash.js';
import { keys } from '../../store/keys.js';
import { lockFree } from '../../store/locks.js';
import { maxTransactItems } from '../../store/transaction.js';
import type { TransactItem } from '../../store/outbox.js';
import type { UseCaseDeps } from '../deps.js';
import { markCalendarChanged } from '../../store/calendar-feed.js';
import { writeBookingChange } from '../bookings/booking-write.js';

export interface ErasureInput {
  therapistId: string;
  email: string;
  now: Date;
}

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

export interface ErasureResult {
  erased: ErasureCounts;
  /** Break records the person's client id was taken out of (ids only; the records stay). */
  breakRecords: number;
}

/** Someone the therapist still expects to see: cancel first, so the person hears about it. */
export class UpcomingBookings extends StateConflict {
  constructor(readonly bookingIds: string[], erasedSoFar = false) {
    const n = bookingIds.length;
    super(
      `This person has ${n === 1 ? 'an upcoming booking' : `${n} upcoming bookings`} with you. Please cancel ${n === 1 ? 'it' : 'them'} first, so they hear from you, then erase their data. ${erasedSoFar ? 'Part of their data was erased before a booking was made or changed; the rest is kept until then.' : 'Nothing has been erased.'}`,
      { reason: 'upcoming-bookings', upcomingBookings: n, bookingIds },
    );
  }
}

/** The partition changed under the erasure again and again (e.g. the person booking right now). */
export class ErasureInterrupted extends StateConflict {
  constructor() {
    super('Something changed for this person while their data was being erased. Please try again in a moment.', { reason: 'changed-meanwhile' });
  }
}

type Item = Record<string, NativeAttributeValue>;

/** The entities a person's data can be in; the rest of the partition (profile, schedule, ledger) never is. */
const entities = ['enquiry', 'enquiry-guard', 'waiting-entry', 'waiting-guard', 'client', 'client-guard', 'booking', 'invitation', 'return-request', 'timer', 'lock', 'therapist-break', 'break-withdrawn', 'undelivered'] as const;

/** Client-id sets on break records: who had the notice, the welcome back, a reminder, a correction. */
const breakSets = { 'therapist-break': ['noticedClients', 'invitedClients', 'remindedClients'], 'break-withdrawn': ['noticedClients', 'correctedClients'] } as const;

/** Only what matching needs: no names, messages or notes leave the table. */
const projected = ['pk', 'sk', 'entity', 'emailHash', 'email', 'client.email', 'clientId', 'enquiryId', 'entryId', 'bookingId', 'invitationId', 'subjectId', 'status', 'end', 'version', 'noticedClients', 'invitedClients', 'remindedClients', 'correctedClients'];

/**
 * One consistent Query over the therapist's partition, filtered to the entities above and
 * projected to the matching attributes. Why not an index: no single attribute names all of a
 * person's items (bookings and invitations carry the address, timers and locks only an id), and a
 * GSI on emailHash would find enquiries and clients only. A partition is one therapist's practice —
 * hundreds to a few thousand small items, read in a few pages — and erasure is rare, so reading it
 * once costs less than an index every write would pay for. Consistent, so a booking made a moment
 * ago is found. Expired (TTL) items are included: DynamoDB may not have deleted them yet.
 */
async function readPartition(deps: UseCaseDeps, therapistId: string): Promise<Item[]> {
  const names: Record<string, string> = {};
  const path = (attribute: string) =>
    attribute
      .split('.')
      .map((part) => ((names[`#${part}`] = part), `#${part}`))
      .join('.');
  const projection = projected.map(path).join(', ');
  const values: Record<string, string> = { ':pk': keys.therapistPk(therapistId) };
  entities.forEach((e, i) => (values[`:e${i}`] = e));
  return queryAll<Item>(deps.db, {
    TableName: deps.config.tableName,
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
  /** Notices of emails to them that could not be sent (store/undelivered.ts): their name, by their email hash. */
  undelivered: Item[];
  clientIds: Set<string>;
}

const idOf = (item: Item, prefix: string): string => String(item.sk).slice(prefix.length);
const sameAddress = (value: unknown, email: string): boolean => typeof value === 'string' && normaliseEmail(value) === email;
const bySk = (a: Item, b: Item): number => (String(a.sk) < String(b.sk) ? -1 : String(a.sk) > String(b.sk) ? 1 : 0);

/** Pure: which of the partition's items are this person's (by address, hash, and the ids they lead to). */
export function footprintOf(items: readonly Item[], email: string, hash: string): Footprint {
  const of = (entity: string) => items.filter((i) => i.entity === entity);
  const guardSks = new Set([keys.enquiryByEmail('', hash).sk, keys.waitingByEmail('', hash).sk, keys.clientByEmail('', hash).sk]);
  const guards = items.filter((i) => guardSks.has(String(i.sk)));

  const enquiries = of('enquiry').filter((i) => i.emailHash === hash || sameAddress(i.email, email));
  const waitingListEntries = of('waiting-entry').filter((i) => i.emailHash === hash || sameAddress(i.email, email));
  // First contacts: enquiries and waiting-list entries (an offered place's invitation and booking carry the entry's id as their enquiryId).
  const enquiryIds = new Set([
    ...enquiries.map((i) => idOf(i, keys.enquiryPrefix)),
    ...waitingListEntries.map((i) => idOf(i, keys.waitingPrefix)),
    ...guards.flatMap((g) => (g.entity === 'enquiry-guard' ? [String(g.enquiryId)] : g.entity === 'waiting-guard' ? [String(g.entryId)] : [])),
  ]);

  const guardClientIds = guards.flatMap((g) => (g.entity === 'client-guard' ? [String(g.clientId)] : []));
  const clients = of('client').filter((i) => i.emailHash === hash || sameAddress(i.email, email) || guardClientIds.includes(String(i.clientId)));
  const clientIds = new Set([...guardClientIds, ...clients.map((i) => String(i.clientId))]);

  const returnRequests = of('return-request').filter((i) => clientIds.has(String(i.clientId)) || sameAddress(i.email, email));
  const bookings = of('booking').filter((i) => clientIds.has(String(i.clientId)) || enquiryIds.has(String(i.enquiryId)) || sameAddress(i.client?.email, email));
  const bookingIds = new Set(bookings.map((i) => idOf(i, 'BOOKING#')));
  const invitationIds = new Set([...bookings, ...returnRequests].flatMap((i) => (i.invitationId ? [String(i.invitationId)] : [])));
  const invitations = of('invitation').filter(
    (i) => sameAddress(i.client?.email, email) || clientIds.has(String(i.clientId)) || enquiryIds.has(String(i.enquiryId)) || invitationIds.has(idOf(i, 'INVITATION#')),
  );

  const subjects = new Set([...enquiryIds, ...bookingIds, ...returnRequests.map((i) => idOf(i, keys.returnRequestPrefix))]);
  const timers = of('timer').filter((i) => subjects.has(String(i.subjectId)));
  const locks = of('lock').filter((i) => bookingIds.has(String(i.bookingId)));

  const breakRecords = items.flatMap((item) => {
    const names: readonly string[] = breakSets[item.entity as keyof typeof breakSets] ?? [];
    const sets = names.filter((name) => [...((item[name] as Set<string> | undefined) ?? [])].some((id) => clientIds.has(id)));
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
    undelivered: of('undelivered').filter((i) => i.emailHash === hash).sort(bySk),
    clientIds,
  };
}

export function countsOf(f: Footprint): ErasureCounts {
  return {
    enquiries: f.enquiries.length,
    waitingListEntries: f.waitingListEntries.length,
    clients: f.clients.length,
    bookings: f.bookings.length,
    returnRequests: f.returnRequests.length,
    invitations: f.invitations.length,
    timers: f.timers.length,
    locks: f.locks.length,
    guards: f.guards.length,
  };
}

const isEmpty = (f: Footprint): boolean => Object.values(countsOf(f)).every((n) => n === 0) && f.breakRecords.length === 0 && f.undelivered.length === 0;

/** Bookings the person still has ahead: requested or confirmed and not over yet. */
export const upcomingBookingIds = (f: Footprint, now: Date): string[] =>
  f.bookings.filter((b) => activeBookingStatuses.includes(b.status as BookingStatus) && Date.parse(String(b.end)) > now.getTime()).map((b) => idOf(b, 'BOOKING#'));

type Counted = keyof ErasureCounts | 'breakRecords' | 'hold' | 'undelivered';
interface Write {
  counts: Counted;
  item: TransactItem;
}

/**
 * Every write, in the order that keeps the rest findable if a later transaction fails. Bookings
 * are deleted only in the version read, so one that changed meanwhile (confirmed, moved) stops
 * the erasure, which then reads again and re-checks for upcoming bookings.
 */
function erasureWrites(tableName: string, therapistId: string, f: Footprint): Write[] {
  const remove = (counts: Counted) => (item: Item): Write => ({ counts, item: { Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } } });
  const ids = new Set([...f.clientIds].sort());
  return [
    ...f.locks.map((l): Write => ({ counts: 'locks', item: lockFree(tableName, therapistId, Date.parse(idOf(l, 'LOCK#')), String(l.bookingId)) })),
    ...f.timers.map(remove('timers')),
    ...f.breakRecords.map(({ item, sets }): Write => ({
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
    })),
    ...f.invitations.map(remove('invitations')),
    ...f.returnRequests.map(remove('returnRequests')),
    ...f.bookings.map((b): Write => ({
      counts: 'bookings',
      item: { Delete: { TableName: tableName, Key: { pk: b.pk, sk: b.sk }, ConditionExpression: 'attribute_not_exists(pk) OR version = :v', ExpressionAttributeValues: { ':v': b.version } } },
    })),
    ...f.enquiries.map(remove('enquiries')),
    ...f.waitingListEntries.map(remove('waitingListEntries')),
    ...f.undelivered.map(remove('undelivered')),
    ...f.clients.map(remove('clients')),
    ...f.guards.map(remove('guards')),
  ];
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const attempts = 3;

export async function erasePerson(deps: UseCaseDeps, input: ErasureInput): Promise<ErasureResult> {
  const { therapistId, now } = input;
  const { tableName } = deps.config;
  const email = normaliseEmail(input.email);
  const hash = emailHash(await loadEmailHashKey(deps.config), email);

  // Counted per committed transaction, so a run that reads again after a conflict still reports all it erased.
  const result: ErasureResult = { erased: { enquiries: 0, waitingListEntries: 0, clients: 0, bookings: 0, returnRequests: 0, invitations: 0, timers: 0, locks: 0, guards: 0 }, breakRecords: 0 };
  for (let attempt = 1; ; attempt++) {
    const footprint = footprintOf(await readPartition(deps, therapistId), email, hash);
    if (isEmpty(footprint)) return result;
    const upcoming = upcomingBookingIds(footprint, now);
    if (upcoming.length > 0) throw new UpcomingBookings(upcoming, attempt > 1 && Object.values(result.erased).some((n) => n > 0));

    // The hold goes in the first transaction: from the moment anything is erased, nothing queued reaches them.
    const hold: Write = { counts: 'hold', item: { Put: { TableName: tableName, Item: erasureHoldItem(hash, therapistId, now) } } };
    try {
      for (const batch of chunks([hold, ...erasureWrites(tableName, therapistId, footprint)], maxTransactItems)) {
        // Retries a transaction that only collided with another one in flight (TransactionConflict).
        await writeBookingChange(deps, batch.map((w) => w.item));
        for (const { counts } of batch) {
          if (counts === 'breakRecords') result.breakRecords++;
          else if (counts !== 'hold' && counts !== 'undelivered') result.erased[counts]++;
        }
      }
      // Erased bookings leave the calendar feed with no item behind: this moves its Last-Modified on.
      if (result.erased.bookings > 0) await markCalendarChanged(deps.db, tableName, therapistId, now);
      return result;
    } catch (error) {
      // A booking changed or a break went meanwhile: read again (what is already gone stays gone).
      if (!isConditionFailure(error)) throw error;
      if (attempt >= attempts) throw new ErasureInterrupted();
    }
  }
}
