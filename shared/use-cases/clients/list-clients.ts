/**
 * GET /me/clients?status=: the therapist's clients, each with their last and next booking — the view
 * that shows who has not rebooked after a break. Two reads however many clients: one Query of the
 * CLIENT# items, one gsi2 Query of the therapist's diary over domain/client-bookings digestWindow,
 * grouped by client in memory. (Keeping last/next on each client record instead would mean every
 * booking change writing the client too, in someone else's transaction.)
 */
import { digestBookings, digestWindow } from '../../domain/client-bookings.js';
import type { ClientStatus } from '../../domain/client.js';
import type { UseCaseDeps } from '../deps.js';
import { clientView, type ClientView } from './client-view.js';

export async function listTherapistClients(deps: UseCaseDeps, therapistId: string, now: Date, status?: ClientStatus): Promise<{ items: ClientView[] }> {
  const clients = await deps.store.clients.list(therapistId, status);
  if (clients.length === 0) return { items: [] };
  const bookings = await deps.store.bookings.list(therapistId, digestWindow(now), now);
  const digest = digestBookings(clients, bookings, now);
  return { items: clients.map((c) => clientView(c, digest.get(c.clientId))) };
}
