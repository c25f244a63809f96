/**
 * POST /me/clients/{clientId}/invite: an active client is invited to book a session. The invitation
 * and its link are made by the invitations feature; they are written with the client's email in one
 * transaction, so nobody is invited without being told.
 */
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { loadContext } from './booking-context.js';
import { createSessionInvitation } from '../invitations/session-invitation.js';

export interface ClientInvited {
  invitationId: string;
  /** The link the client was sent, so the therapist can also share it another way. */
  bookingUrl: string;
  expiresAt: string;
  durationMinutes: number;
}

export async function inviteClient(
  deps: UseCaseDeps,
  input: { therapistId: string; clientId: string; now: Date },
): Promise<ClientInvited> {
  const { therapistId, now } = input;
  const [{ ctx }, client] = await Promise.all([
    loadContext(deps, therapistId, now),
    deps.store.clients.get(therapistId, input.clientId),
  ]);
  if (!client) throw new NotFound('client');
  if (client.status !== 'active')
    throw new StateConflict(`${client.name} is not an active client just now, so there is nothing to invite them to.`, {
      clientStatus: client.status,
    });

  const made = await createSessionInvitation(deps, {
    therapist: ctx.therapist,
    client: {
      clientId: client.clientId,
      name: client.name,
      email: client.email,
      ...(client.sessionLengthMinutes ? { sessionLengthMinutes: client.sessionLengthMinutes } : {}),
    },
    now,
  });
  const message: OutboxMessage = {
    id: newId(now),
    therapistId,
    fromName: ctx.therapist.displayName,
    to: { email: client.email, name: client.name },
    template: 'session-invitation',
    data: {
      clientName: client.name,
      therapistName: ctx.therapist.displayName,
      bookingUrl: made.bookingUrl,
      invitationExpiresAt: made.expiresAt,
      durationMinutes: made.invitation.durationMinutes,
      timeZone: ctx.therapistZone,
    },
  };
  await deps.store.transact([...made.transactItems, outboxPut(deps.store, message, now)]);
  return {
    invitationId: made.invitation.invitationId,
    bookingUrl: made.bookingUrl,
    expiresAt: made.expiresAt,
    durationMinutes: made.invitation.durationMinutes,
  };
}
