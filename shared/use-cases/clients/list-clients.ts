/**
 * GET /me/clients?status=: the therapist's clients, each with their last and next booking and any
 * invitation to book still open — the view that shows who has not rebooked after a break. Three reads
 * however many clients: one Query of the CLIENT# items, one gsi2 Query of the therapist's diary over
 * domain/client-bookings digestWindow, one Query of the INVITATION# items, grouped by client in
 * memory. (Keeping last/next on each client record instead would mean every booking change writing
 * the client too, in someone else's transaction.)
 */
import { digestBookings, digestWindow } from '#shared/domain/client-bookings.js';
import type { ClientStatus } from '#shared/domain/client.js';
import type { UseCaseDeps } from '../deps.js';
import { clientView, type ClientView, type OpenInvitation } from './client-view.js';

export async function listTherapistClients(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
  status?: ClientStatus,
): Promise<{ items: ClientView[] }> {
  const clients = await deps.store.clients.list(therapistId, status);
  if (clients.length === 0) return { items: [] };
  const [bookings, invitations] = await Promise.all([
    deps.store.bookings.list(therapistId, digestWindow(now), now),
    deps.store.invitations.listOpen(therapistId, now),
  ]);
  const digest = digestBookings(clients, bookings, now);
  // The latest open invitation of each client: the one whose link lasts longest.
  const invited = new Map<string, OpenInvitation>();
  for (const i of invitations) {
    if (!i.clientId) continue;
    const held = invited.get(i.clientId);
    if (!held || held.expiresAt < i.expiresAt)
      invited.set(i.clientId, { invitationId: i.invitationId, invitedAt: i.createdAt, expiresAt: i.expiresAt });
  }
  return { items: clients.map((c) => clientView(c, digest.get(c.clientId), invited.get(c.clientId))) };
}
