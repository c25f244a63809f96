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
 *   (store/suppressions.ts) that the mailer and the re-drive read before every send, so they mark
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
 * The partition read, the matching and the deletes are the store's (shared/store/erasure.ts, on the
 * handle as `deps.store.erasure`); this file holds the rules and the order of the run.
 *
 * Idempotent: a second run finds nothing and writes nothing. Deletes run dependents first (locks,
 * timers, invitations, returns, bookings, enquiries and waiting-list entries, then the client and the guards), because the
 * later records are how the earlier ones are found: a run interrupted between transactions is
 * finished by running it again.
 */
import { activeBookingStatuses, type BookingStatus } from '#shared/domain/booking.js';
import { StateConflict } from '#shared/domain/errors.js';
import type { ErasureCounts, ErasureWrite, Footprint } from '#shared/store/erasure.js';
import {
  emailHash,
  erasureHoldItem,
  footprintOf,
  idOf,
  isConditionFailure,
  loadEmailHashKey,
  maxTransactItems,
  normaliseEmail,
} from '#shared/store/index.js';
import { writeBookingChange } from '../bookings/booking-write.js';
import type { UseCaseDeps } from '../deps.js';

export type { ErasureCounts, Footprint } from '#shared/store/erasure.js';
export { footprintOf } from '#shared/store/index.js';

export interface ErasureInput {
  therapistId: string;
  email: string;
  now: Date;
}

export interface ErasureResult {
  erased: ErasureCounts;
  /** Break records the person's client id was taken out of (ids only; the records stay). */
  breakRecords: number;
}

/** Someone the therapist still expects to see: cancel first, so the person hears about it. */
export class UpcomingBookings extends StateConflict {
  constructor(
    readonly bookingIds: string[],
    erasedSoFar = false,
  ) {
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
    super('Something changed for this person while their data was being erased. Please try again in a moment.', {
      reason: 'changed-meanwhile',
    });
  }
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

const isEmpty = (f: Footprint): boolean =>
  Object.values(countsOf(f)).every((n) => n === 0) &&
  f.breakRecords.length === 0 &&
  f.undelivered.length === 0 &&
  f.standingTimes.length === 0;

/** Bookings the person still has ahead: requested or confirmed and not over yet. */
export const upcomingBookingIds = (f: Footprint, now: Date): string[] =>
  f.bookings
    .filter(
      (b) => activeBookingStatuses.includes(b.status as BookingStatus) && Date.parse(String(b.end)) > now.getTime(),
    )
    .map((b) => idOf(b, 'BOOKING#'));

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const attempts = 3;

export async function erasePerson(deps: UseCaseDeps, input: ErasureInput): Promise<ErasureResult> {
  const { therapistId, now } = input;
  const email = normaliseEmail(input.email);
  const hash = emailHash(await loadEmailHashKey(deps.config), email);

  // Counted per committed transaction, so a run that reads again after a conflict still reports all it erased.
  const result: ErasureResult = {
    erased: {
      enquiries: 0,
      waitingListEntries: 0,
      clients: 0,
      bookings: 0,
      returnRequests: 0,
      invitations: 0,
      timers: 0,
      locks: 0,
      guards: 0,
    },
    breakRecords: 0,
  };
  for (let attempt = 1; ; attempt++) {
    const footprint = footprintOf(await deps.store.erasure.readPartition(therapistId), email, hash);
    if (isEmpty(footprint)) return result;
    const upcoming = upcomingBookingIds(footprint, now);
    if (upcoming.length > 0)
      throw new UpcomingBookings(upcoming, attempt > 1 && Object.values(result.erased).some((n) => n > 0));

    // The hold goes in the first transaction: from the moment anything is erased, nothing queued reaches them.
    const hold: ErasureWrite = {
      counts: 'hold',
      item: deps.store.erasure.holdPut(erasureHoldItem(hash, therapistId, now)),
    };
    try {
      for (const batch of chunks([hold, ...deps.store.erasure.writes(therapistId, footprint)], maxTransactItems)) {
        // Retries a transaction that only collided with another one in flight (TransactionConflict).
        await writeBookingChange(
          deps,
          batch.map((w) => w.item),
        );
        for (const { counts } of batch) {
          if (counts === 'breakRecords') result.breakRecords++;
          else if (counts !== 'hold' && counts !== 'undelivered' && counts !== 'standingTimes') result.erased[counts]++;
        }
      }
      // Erased bookings leave the calendar feed with no item behind: this moves its Last-Modified on.
      if (result.erased.bookings > 0) await deps.store.calendarFeed.markChanged(therapistId, now);
      return result;
    } catch (error) {
      // A booking changed or a break went meanwhile: read again (what is already gone stays gone).
      if (!isConditionFailure(error)) throw error;
      if (attempt >= attempts) throw new ErasureInterrupted();
    }
  }
}
