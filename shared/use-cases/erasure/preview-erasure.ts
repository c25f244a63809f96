/**
 * What erasing one person would remove, read before anything is removed: the console shows it as
 * the erasure's first step, so the therapist sees what goes, what stays and why, before confirming.
 * The same partition read and matching as erasePerson, so the preview and the erasure cannot differ.
 */
import type { BookingKind } from '#shared/domain/booking.js';
import { emailHash, footprintOf, idOf, loadEmailHashKey, normaliseEmail } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';
import { countsOf, upcomingBookingIds, type ErasureCounts } from './erase-person.js';

export interface ErasurePreview {
  /** Anything of theirs in this therapist's partition at all. */
  found: boolean;
  counts: ErasureCounts;
  /** Break records their client id would be taken out of (the records stay). */
  breakRecords: number;
  /** Requested or confirmed and not over: these must be cancelled first. */
  upcoming: { bookingId: string; start: string; end: string; kind: BookingKind }[];
}

export async function previewErasure(
  deps: UseCaseDeps,
  input: { therapistId: string; email: string; now: Date },
): Promise<ErasurePreview> {
  const email = normaliseEmail(input.email);
  const hash = emailHash(await loadEmailHashKey(deps.config), email);
  const footprint = footprintOf(await deps.store.erasure.readPartition(input.therapistId), email, hash);
  const counts = countsOf(footprint);
  const ahead = new Set(upcomingBookingIds(footprint, input.now));
  const upcoming = footprint.bookings
    .filter((b) => ahead.has(idOf(b, 'BOOKING#')))
    .map((b) => ({
      bookingId: idOf(b, 'BOOKING#'),
      start: String(b.start),
      end: String(b.end),
      kind: b.kind as BookingKind,
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
  return {
    found:
      Object.values(counts).some((n) => n > 0) ||
      footprint.breakRecords.length > 0 ||
      footprint.standingTimes.length > 0 ||
      footprint.undelivered.length > 0,
    counts,
    breakRecords: footprint.breakRecords.length,
    upcoming,
  };
}
