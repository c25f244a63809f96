/**
 * An active client is invited to book a regular session (POST /me/clients/{id}/invite, and the
 * welcome back after a break), of their own session length or the therapist's usual one.
 */
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { UseCaseDeps } from '../deps.js';
import { makeInvitation, type MadeInvitation } from './make-invitation.js';

export interface SessionInvitationInput {
  therapist: Pick<TherapistProfile, 'therapistId'>;
  client: { clientId: string; name: string; email: string; sessionLengthMinutes?: number };
  now: Date;
  /** Defaults to now + invitationTtlDays. */
  expiresAt?: Date;
  /** The early window of a welcome back: no times are offered before it. */
  opensAt?: Date;
}

export async function createSessionInvitation(
  deps: UseCaseDeps,
  input: SessionInvitationInput,
): Promise<MadeInvitation> {
  const { settings } = await deps.store.scheduling.getSettings(input.therapist.therapistId);
  return makeInvitation(deps, {
    kind: 'session',
    therapistId: input.therapist.therapistId,
    clientId: input.client.clientId,
    client: { name: input.client.name, email: input.client.email },
    durationMinutes: input.client.sessionLengthMinutes ?? settings.sessionLengthMinutes,
    now: input.now,
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    ...(input.opensAt ? { opensAt: input.opensAt } : {}),
  });
}
