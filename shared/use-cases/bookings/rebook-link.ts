/**
 * After a declined, expired or withdrawn request the invitation is open again: the client's email
 * offers a fresh link to it (while it lasts), so choosing another time is one click. The raw token
 * of the first link is never stored, so this is a new token for the same invitation.
 */
import type { Invitation } from '#shared/domain/invitation.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { UseCaseDeps } from '../deps.js';
import { bookingUrlFor } from '../invitations/make-invitation.js';
import type { Rebook } from './booking-emails.js';

export function rebookLink(
  deps: UseCaseDeps,
  invitation: Invitation | undefined,
  now: Date,
): { rebook: Rebook; put: TransactItem } | undefined {
  if (!invitation || Date.parse(invitation.expiresAt) <= now.getTime()) return undefined;
  const issued = deps.store.tokens.issue(
    'invitation',
    invitation.therapistId,
    invitation.invitationId,
    new Date(invitation.expiresAt),
  );
  return {
    rebook: {
      bookingUrl: bookingUrlFor(deps.config.settings, issued.token),
      invitationExpiresAt: invitation.expiresAt,
    },
    put: issued.put,
  };
}
