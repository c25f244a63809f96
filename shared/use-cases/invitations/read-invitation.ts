/** An invitation from its link. Viewing never spends the link; the invitation's own expiry ends it. */
import { LinkGone, LinkInvalid } from '#shared/domain/errors.js';
import { isInvitationExpired, type Invitation } from '#shared/domain/invitation.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { UseCaseDeps } from '../deps.js';

/**
 * LinkInvalid (401) for a token never issued, altered, or of another purpose; LinkGone('expired')
 * (410) once the invitation has expired. A booked or pending invitation is returned as it is: what
 * the holder may still do is the caller's rule (see domain/invitation.ts).
 */
export async function readInvitationByToken(
  deps: UseCaseDeps,
  token: string,
  now: Date,
): Promise<{ invitation: Invitation; therapist: TherapistProfile }> {
  const record = await deps.store.tokens.read(token, now, ['invitation']);
  const [invitation, therapist] = await Promise.all([
    deps.store.invitations.get(record.therapistId, record.subjectId, now),
    deps.store.therapists.get(record.therapistId),
  ]);
  if (!invitation || !therapist) throw new LinkInvalid();
  if (isInvitationExpired(invitation, now)) throw new LinkGone('expired', invitation.therapistId);
  return { invitation, therapist };
}
