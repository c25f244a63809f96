/**
 * POST /me/breaks/{breakId}/reminders { clientId }: after the welcome back, the therapist may send a
 * client who has not booked again one more invitation — at most one per client per break (the
 * break's remindedClients set, conditioned in the same transaction as the email). Break-scoped
 * rather than POST /me/clients/{id}/invite, which has no notion of "once per break".
 */
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import { breakTimeline, dateInWords, dayBack, todayIn } from '#shared/domain/therapist-break.js';
import { isConditionFailure } from '#shared/store/index.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { createSessionInvitation } from '../invitations/session-invitation.js';
import { rebookedAfter } from './break-bookings.js';
import { loadBreakContext } from './break-context.js';
import { welcomeBackEmail } from './break-emails.js';

export interface ReminderSent {
  clientId: string;
  invitationId: string;
  bookingUrl: string;
  expiresAt: string;
}

export async function remindClientAfterBreak(
  deps: UseCaseDeps,
  input: { therapistId: string; breakId: string; clientId: string; now: Date },
): Promise<ReminderSent> {
  const { therapistId, breakId, clientId, now } = input;
  const [b, client, ctx] = await Promise.all([
    deps.store.breaks.get(therapistId, breakId, now),
    deps.store.clients.get(therapistId, clientId),
    loadBreakContext(deps, therapistId, now),
  ]);
  if (!b) throw new NotFound('break');
  if (!client) throw new NotFound('client');
  if (!ctx.therapist) throw new NotFound('break');
  if (!b.welcomeBackSentAt)
    throw new StateConflict(
      `The welcome back for this break has not gone out yet (it is due on ${dateInWords(todayIn(b.timeZone, new Date(b.welcomeBackAt)))}). A reminder can follow it.`,
      { welcomeBackAt: b.welcomeBackAt },
    );
  if (client.status !== 'active')
    throw new StateConflict(
      `${client.name} is not an active client just now, so there is nothing to remind them about.`,
      { clientStatus: client.status },
    );
  if (b.remindedClients.includes(clientId)) throw alreadyReminded(client.name);
  const { firstDayBack } = breakTimeline(b, b.timeZone, ctx.policy);
  if ((await rebookedAfter(deps, therapistId, firstDayBack, b.timeZone, now))(client))
    throw new StateConflict(
      `${client.name} has already booked a time after your break, so there is no need for a reminder.`,
    );

  const made = await createSessionInvitation(deps, {
    therapist: ctx.therapist,
    client: {
      clientId,
      name: client.name,
      email: client.email,
      ...(client.sessionLengthMinutes ? { sessionLengthMinutes: client.sessionLengthMinutes } : {}),
    },
    now,
    opensAt: now,
  });
  const invited = {
    bookingUrl: made.bookingUrl,
    expiresAt: made.expiresAt,
    durationMinutes: made.invitation.durationMinutes,
  };
  try {
    await deps.store.transact([
      outboxPut(
        deps.store,
        welcomeBackEmail(ctx.therapist, breakId, client, dayBack(b, ctx.schedule), invited, b.timeZone, true),
        now,
      ),
      ...made.transactItems,
      deps.store.breaks.reminderAdded(therapistId, breakId, clientId),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw alreadyReminded(client.name);
    throw error;
  }
  return {
    clientId,
    invitationId: made.invitation.invitationId,
    bookingUrl: made.bookingUrl,
    expiresAt: made.expiresAt,
  };
}

const alreadyReminded = (name: string): StateConflict =>
  new StateConflict(
    `You have already sent ${name} a reminder for this break. Their link still works until it expires; you could also get in touch personally.`,
    { reason: 'already-reminded' },
  );
