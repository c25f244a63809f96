/**
 * One-click Confirm and Decline for a booking request, from the therapist's email (/actions/{token}).
 * Describing never acts (mail scanners prefetch links); performing spends the token in the same
 * transaction as the change.
 */
import { confirmBooking, declineBooking } from '#shared/domain/booking-lifecycle.js';
import type { BookingKind, BookingStatus } from '#shared/domain/booking.js';
import type { TokenItem } from '#shared/store/tokens.js';
import type { UseCaseDeps } from '../deps.js';
import { loadBooking } from './booking-context.js';
import { respondToBooking } from './respond-to-booking.js';

export type BookingOneClickAction = 'confirm-booking' | 'decline-booking';

export interface BookingActionDescription {
  action: BookingOneClickAction;
  booking: {
    bookingId: string;
    clientName: string;
    kind: BookingKind;
    start: string;
    end: string;
    status: BookingStatus;
  };
  therapist: { displayName: string; timeZone: string };
}

export interface BookingActionPerformed {
  action: BookingOneClickAction;
  clientName: string;
}

const actionOf = (record: TokenItem): BookingOneClickAction =>
  record.purpose === 'booking-confirm' ? 'confirm-booking' : 'decline-booking';

export async function describeBookingAction(
  deps: UseCaseDeps,
  record: TokenItem,
  now: Date,
): Promise<BookingActionDescription> {
  const { ctx, booking } = await loadBooking(deps, record.therapistId, record.subjectId, now);
  const action = actionOf(record);
  // Throws StateConflict when the request has been answered, withdrawn or released meanwhile.
  if (action === 'confirm-booking') confirmBooking(booking, now);
  else declineBooking(booking, now);
  return {
    action,
    booking: {
      bookingId: booking.bookingId,
      clientName: booking.client.name,
      kind: booking.kind,
      start: booking.start,
      end: booking.end,
      status: booking.status,
    },
    therapist: { displayName: ctx.therapist.displayName, timeZone: ctx.therapistZone },
  };
}

export async function performBookingAction(
  deps: UseCaseDeps,
  record: TokenItem,
  token: string,
  note: string | undefined,
  now: Date,
): Promise<BookingActionPerformed> {
  const action = actionOf(record);
  const booking = await respondToBooking(deps, {
    therapistId: record.therapistId,
    bookingId: record.subjectId,
    action: action === 'confirm-booking' ? 'confirm' : 'decline',
    now,
    token,
    ...(note ? { note } : {}),
  });
  return { action, clientName: booking.client.name };
}
