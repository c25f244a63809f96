/** The consultations capability's booking operations, keyed by the operation ids in shared/manifest/routes.ts. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { bookSlot } from '#shared/use-cases/bookings/book-slot.js';
import { cancelBookingAs } from '#shared/use-cases/bookings/cancel-booking.js';
import { inviteClient } from '#shared/use-cases/bookings/invite-client.js';
import { listTherapistBookings, readTherapistBooking } from '#shared/use-cases/bookings/list-bookings.js';
import {
  cancelManagedBooking,
  rescheduleManagedBooking,
  viewManagedBooking,
} from '#shared/use-cases/bookings/manage-booking.js';
import { recordConsultationOutcome } from '#shared/use-cases/bookings/record-outcome.js';
import { respondToBooking } from '#shared/use-cases/bookings/respond-to-booking.js';
import {
  bookingListResponse,
  bookingParams,
  bookSlotBody,
  bookSlotResponse,
  clientCancelBody,
  clientParams,
  inviteResponse,
  listBookingsQuery,
  managedBookingResponse,
  noteBody,
  outcomeBody,
  outcomeResponse,
  rescheduleBody,
  therapistBookingResponse,
  tokenParams,
} from '#shared/use-cases/bookings/booking-schemas.js';

/** Therapist routes always carry the caller's id (api-handler rejects them otherwise). */
const me = (therapistId: string | undefined): string => therapistId as string;

export const bookingOperations: OperationTable = {
  bookSlot: operation({
    params: tokenParams,
    body: bookSlotBody,
    response: bookSlotResponse,
    run: async ({ params, body, now }, runtime) => {
      const booked = await bookSlot(runtime, {
        token: params.token,
        start: body.start,
        ...(body.timeZone ? { timeZone: body.timeZone } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
        now,
      });
      runtime.logger.info('booking', { outcome: booked.status, bookingId: booked.bookingId });
      return { status: 201, json: booked };
    },
  }),

  viewManagedBooking: operation({
    params: tokenParams,
    response: managedBookingResponse,
    run: async ({ params, now }, runtime) => ({
      status: 200,
      json: await viewManagedBooking(runtime, params.token, now),
    }),
  }),

  cancelManagedBooking: operation({
    params: tokenParams,
    body: clientCancelBody,
    response: managedBookingResponse,
    run: async ({ params, body, now }, runtime) => ({
      status: 200,
      json: await cancelManagedBooking(runtime, params.token, body.reason, now),
    }),
  }),

  rescheduleManagedBooking: operation({
    params: tokenParams,
    body: rescheduleBody,
    response: managedBookingResponse,
    run: async ({ params, body, now }, runtime) => ({
      status: 200,
      json: await rescheduleManagedBooking(runtime, params.token, body.start, now),
    }),
  }),

  listBookings: operation({
    query: listBookingsQuery,
    response: bookingListResponse,
    run: async ({ query, therapistId, now }, runtime) => ({
      status: 200,
      json: await listTherapistBookings(runtime, me(therapistId), query, now),
    }),
  }),

  getBooking: operation({
    params: bookingParams,
    response: therapistBookingResponse,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 200,
      json: await readTherapistBooking(runtime, me(therapistId), params.bookingId, now),
    }),
  }),

  confirmBooking: operation({
    params: bookingParams,
    response: therapistBookingResponse,
    run: async ({ params, therapistId, now }, runtime) => {
      await respondToBooking(runtime, {
        therapistId: me(therapistId),
        bookingId: params.bookingId,
        action: 'confirm',
        now,
      });
      return { status: 200, json: await readTherapistBooking(runtime, me(therapistId), params.bookingId, now) };
    },
  }),

  declineBooking: operation({
    params: bookingParams,
    body: noteBody,
    response: therapistBookingResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      await respondToBooking(runtime, {
        therapistId: me(therapistId),
        bookingId: params.bookingId,
        action: 'decline',
        now,
        ...(body.note ? { note: body.note } : {}),
      });
      return { status: 200, json: await readTherapistBooking(runtime, me(therapistId), params.bookingId, now) };
    },
  }),

  cancelBooking: operation({
    params: bookingParams,
    body: noteBody,
    response: therapistBookingResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      await cancelBookingAs(runtime, {
        therapistId: me(therapistId),
        bookingId: params.bookingId,
        by: 'therapist',
        now,
        ...(body.note ? { note: body.note } : {}),
      });
      return { status: 200, json: await readTherapistBooking(runtime, me(therapistId), params.bookingId, now) };
    },
  }),

  recordOutcome: operation({
    params: bookingParams,
    body: outcomeBody,
    response: outcomeResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const result = await recordConsultationOutcome(runtime, {
        therapistId: me(therapistId),
        bookingId: params.bookingId,
        outcome: body.outcome,
        now,
        ...(body.note ? { note: body.note } : {}),
      });
      const booking = await readTherapistBooking(runtime, me(therapistId), params.bookingId, now);
      return { status: 200, json: { booking, ...(result.clientId ? { clientId: result.clientId } : {}) } };
    },
  }),

  inviteClient: operation({
    params: clientParams,
    response: inviteResponse,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 201,
      json: await inviteClient(runtime, { therapistId: me(therapistId), clientId: params.clientId, now }),
    }),
  }),
};
