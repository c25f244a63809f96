/**
 * Making an invitation: the invitation item and its link token, as transaction parts for the
 * caller's transaction (accepting an enquiry, inviting a client back), so the invitation exists
 * exactly when the change that promises it does. The token is not spent by use: the invitation's
 * status guards it (domain/invitation.ts).
 */
import { invitationExpiresAt, newInvitation, type Invitation, type InvitationKind } from '#shared/domain/invitation.js';
import { newId } from '#shared/ids.js';
import type { TransactItem } from '#shared/store/outbox.js';
import type { UseCaseDeps } from '../deps.js';

export interface MadeInvitation {
  invitation: Invitation;
  /** The page that shows the invitation's free times (GET /book/{token}, or the deployment's own app). */
  bookingUrl: string;
  expiresAt: string;
  /** The invitation and its token: two items for the caller's transaction. */
  transactItems: TransactItem[];
}

export interface MakeInput {
  kind: InvitationKind;
  therapistId: string;
  client: { name: string; email: string };
  durationMinutes: number;
  now: Date;
  enquiryId?: string;
  clientId?: string;
  expiresAt?: Date;
  opensAt?: Date;
}

/** Where email links point: the deployment's own front end when it has one, else the API's pages. */
export function bookingUrlFor(settings: UseCaseDeps['config']['settings'], token: string): string {
  const base = (settings.appUrl ?? settings.publicBaseUrl).replace(/\/+$/, '');
  return `${base}/book/${token}`;
}

export function makeInvitation(deps: UseCaseDeps, input: MakeInput): MadeInvitation {
  const { settings } = deps.config;
  const expiresAt = input.expiresAt ?? invitationExpiresAt(input.now, settings.invitationTtlDays);
  const invitation = newInvitation({ ...input, invitationId: newId(input.now), expiresAt });
  // The link lasts exactly as long as the invitation: one expiry, one answer (410) after it.
  const token = deps.store.tokens.issue('invitation', invitation.therapistId, invitation.invitationId, expiresAt);
  return {
    invitation,
    bookingUrl: bookingUrlFor(settings, token.token),
    expiresAt: invitation.expiresAt,
    transactItems: [deps.store.invitations.create(invitation, settings.retentionDays), token.put],
  };
}
