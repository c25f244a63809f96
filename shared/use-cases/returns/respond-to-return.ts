/**
 * POST /me/returns/{id}/accept and /decline. Accept: a welcome-back invitation to book a regular
 * session directly (no consultation), made in the same transaction as the answer, with the email
 * carrying its link; the client becomes active again when they book (clients/resume-client.ts
 * resumeOnBooking). Decline: a kind note with signposting; the request then expires after the
 * retention period like a declined enquiry. Either way the client's open-request guard is lifted,
 * so they can write again later, and the nudge timer is deleted in the same transaction.
 */
import { retentionEndsAt } from '#shared/domain/enquiry-rules.js';
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import { respond, ReturnAlreadyAnswered, type ReturnRequest } from '#shared/domain/return-request.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { isConditionFailure } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { createSessionInvitation } from '../invitations/session-invitation.js';
import { therapistCalendar } from '../clients/therapist-calendar.js';
import { returnNudgeTimerId } from '../timers/return-request-nudge.js';

export interface RespondInput {
  therapistId: string;
  returnId: string;
  action: 'accept' | 'decline';
  note?: string;
  now: Date;
}

export interface ReturnAnswered {
  returnId: string;
  status: 'accepted' | 'declined';
  /** Accept only: the invitation the client was sent, so the therapist can also share it another way. */
  invitation?: { invitationId: string; bookingUrl: string; expiresAt: string; durationMinutes: number };
}

export async function respondToReturn(deps: UseCaseDeps, input: RespondInput): Promise<ReturnAnswered> {
  const { config } = deps;
  const { settings } = config;
  const { therapistId, now } = input;
  const [request, therapist, calendar] = await Promise.all([
    deps.store.returnRequests.get(therapistId, input.returnId, now),
    deps.store.therapists.get(therapistId),
    therapistCalendar(deps, therapistId, now),
  ]);
  if (!request || !therapist) throw new NotFound('return request');
  const answer = respond(request, input.action, now, input.note);
  const client = await deps.store.clients.get(therapistId, request.clientId);
  if (!client) throw new NotFound('client');
  const common = { therapistId, fromName: therapist.displayName, to: { email: request.email, name: request.name } };

  if (answer.status === 'declined') {
    const declined: OutboxMessage = {
      ...common,
      id: newId(now),
      template: 'return-declined',
      data: {
        clientName: request.name,
        therapistName: therapist.displayName,
        ...(input.note ? { note: input.note } : {}),
      },
    };
    await write(deps, request, [
      deps.store.returnRequests.answer(request, answer, retentionEndsAt(now, settings)),
      deps.store.clients.closeReturn(therapistId, request.clientId, request.returnId),
      deps.store.timers.delete(therapistId, returnNudgeTimerId(request.returnId)),
      outboxPut(deps.store, declined, now),
    ]);
    return { returnId: request.returnId, status: 'declined' };
  }

  const made = await createSessionInvitation(deps, {
    therapist,
    client: {
      clientId: client.clientId,
      name: request.name,
      email: request.email,
      ...(client.sessionLengthMinutes ? { sessionLengthMinutes: client.sessionLengthMinutes } : {}),
    },
    now,
  });
  const accepted: OutboxMessage = {
    ...common,
    id: newId(now),
    template: 'return-accepted',
    data: {
      clientName: request.name,
      therapistName: therapist.displayName,
      ...(input.note ? { note: input.note } : {}),
      bookingUrl: made.bookingUrl,
      invitationExpiresAt: made.expiresAt,
      durationMinutes: made.invitation.durationMinutes,
      timeZone: calendar.zone,
    },
  };
  await write(deps, request, [
    deps.store.returnRequests.answer(request, { ...answer, invitationId: made.invitation.invitationId }),
    deps.store.clients.closeReturn(therapistId, request.clientId, request.returnId),
    deps.store.timers.delete(therapistId, returnNudgeTimerId(request.returnId)),
    ...made.transactItems,
    outboxPut(deps.store, accepted, now),
  ]);
  return {
    returnId: request.returnId,
    status: 'accepted',
    invitation: {
      invitationId: made.invitation.invitationId,
      bookingUrl: made.bookingUrl,
      expiresAt: made.expiresAt,
      durationMinutes: made.invitation.durationMinutes,
    },
  };
}

/** Two answers racing (two devices, a double click): the loser is told what happened, nothing is sent twice. */
async function write(deps: UseCaseDeps, request: ReturnRequest, items: TransactItem[]): Promise<void> {
  try {
    await deps.store.transact(items);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await deps.store.returnRequests.get(request.therapistId, request.returnId, new Date(0));
    if (current && current.status !== 'pending') throw new ReturnAlreadyAnswered(current.status);
    throw new StateConflict('This return request changed just now. Please look at it again.');
  }
}
