/** What the therapist sees of a client: the record without its hash, with last and next booking. */
import type { Client } from '../../domain/client.js';
import type { ClientBookings } from '../../domain/client-bookings.js';

export type ClientView = Omit<Client, 'emailHash' | 'therapistId' | 'statusHistory'> & {
  statusHistory: NonNullable<Client['statusHistory']>;
  lastBooking?: ClientBookings['last'];
  nextBooking?: ClientBookings['next'];
};

export function clientView(client: Client, bookings: ClientBookings = {}): ClientView {
  const { emailHash: _h, therapistId: _t, statusHistory, ...rest } = client;
  return {
    ...rest,
    statusHistory: statusHistory ?? [{ status: client.status, at: client.createdAt }],
    ...(bookings.last ? { lastBooking: bookings.last } : {}),
    ...(bookings.next ? { nextBooking: bookings.next } : {}),
  };
}
