/**
 * Bookings: an initial consultation or a regular session at one time with one therapist.
 * A booking starts `requested` (or `confirmed` where the therapist auto-confirms). While requested or
 * confirmed it holds lock cells (see slots/cells.ts); leaving those states frees them in the same
 * transaction.
 */
export const bookingKinds = ['consultation', 'session'] as const;
export type BookingKind = (typeof bookingKinds)[number];

export const bookingStatuses = ['requested', 'confirmed', 'declined', 'expired', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

/** Statuses that hold the time: the slot engine treats these as busy, and their cells are locked. */
export const activeBookingStatuses: readonly BookingStatus[] = ['requested', 'confirmed'];

export type ConsultationOutcome = 'continue' | 'not-proceeding';

export interface Booking {
  bookingId: string;
  therapistId: string;
  kind: BookingKind;
  status: BookingStatus;
  invitationId: string;
  /** Where the person came from: the enquiry for a consultation, the client record for a session. */
  enquiryId?: string;
  clientId?: string;
  /** `phone`: the number to call for a phone appointment, given when booking (or at first contact). */
  client: { name: string; email: string; phone?: string };
  /** ISO instants (UTC). */
  start: string;
  end: string;
  /**
   * The cell-aligned range the booking occupies with its buffers, epoch ms, half-open. The lock
   * items cover exactly these cells, and the slot engine treats exactly this range as busy, so a
   * slot that is offered can be booked unless someone else takes it first.
   */
  occupiedStart: number;
  occupiedEnd: number;
  /** The zone the client booked in: their emails name it. */
  clientTimeZone: string;
  /** ICS SEQUENCE: rises on every change the calendar should see (move, cancel). */
  sequence: number;
  requestedAt: string;
  confirmedAt?: string;
  closedAt?: string;
  cancelledBy?: 'client' | 'therapist';
  note?: string;
  outcome?: ConsultationOutcome;
  /** The standing time this date belongs to (shared/domain/standing-time.ts); its invitationId names the series too. */
  standingTimeId?: string;
}
