/** What the therapist sees of a client: the record without its hash, with last and next booking. */
import type { Client } from '#shared/domain/client.js';
import type { ClientBookings } from '#shared/domain/client-bookings.js';

export type ClientView = Omit<Client, 'emailHash' | 'therapistId' | 'statusHistory'> & {
  statusHistory: NonNullable<Client['statusHistory']>;
  lastBooking?: ClientBookings['last'];
  nextBooking?: ClientBookings['next'];
  /** An invitation to book that is still open (sent, nothing booked or requested from it yet), and when it lapses. */
  openInvitation?: OpenInvitation;
};

export interface OpenInvitation {
  invitationId: string;
  invitedAt: string;
  expiresAt: string;
}

export function clientView(client: Client, bookings: ClientBookings = {}, invitation?: OpenInvitation): ClientView {
  const { emailHash: _h, therapistId: _t, statusHistory, ...rest } = client;
  return {
    ...rest,
    statusHistory: statusHistory ?? [{ status: client.status, at: client.createdAt }],
    ...(bookings.last ? { lastBooking: bookings.last } : {}),
    ...(bookings.next ? { nextBooking: bookings.next } : {}),
    ...(invitation ? { openInvitation: invitation } : {}),
  };
}
