/**
 * The invitation a booking's move is measured against: its length and kind decide which free times
 * are offered. A standing time's date came from no invitation (shared/use-cases/standing-times), so
 * it is moved as the session invitation it stands for would be: a session of its own length.
 */
import type { Invitation } from '#shared/domain/invitation.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { UseCaseDeps } from '../deps.js';

export async function invitationOfBooking(
  deps: UseCaseDeps,
  booking: StoredBooking,
  now: Date,
): Promise<Invitation | undefined> {
  if (!booking.standingTimeId) return deps.store.invitations.get(booking.therapistId, booking.invitationId, now);
  return {
    invitationId: booking.invitationId,
    therapistId: booking.therapistId,
    kind: 'session',
    ...(booking.clientId ? { clientId: booking.clientId } : {}),
    client: booking.client,
    durationMinutes: Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60_000),
    status: 'booked',
    bookingId: booking.bookingId,
    createdAt: booking.requestedAt,
    expiresAt: booking.end,
  };
}
