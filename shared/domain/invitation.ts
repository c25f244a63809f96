/**
 * Invitations: a link that lets one person book one appointment with one therapist — an initial
 * consultation after an accepted enquiry, or a regular session for an active client.
 *
 * The link's token is never spent by viewing or booking; the invitation's status guards it:
 *   open ──book (needs confirmation)──► pending ──confirm──► booked
 *     ▲                                    │
 *     └──── request declined / expired ────┘
 *   open ──book (auto-confirm)──► booked
 * So a person holds at most one request per invitation, and after a declined or expired request the
 * same link lets them choose another time. A booked invitation books nothing more.
 */
export const invitationKinds = ['consultation', 'session'] as const;
export type InvitationKind = (typeof invitationKinds)[number];

export const invitationStatuses = ['open', 'pending', 'booked'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export interface Invitation {
  invitationId: string;
  therapistId: string;
  kind: InvitationKind;
  /** Where the person came from: the accepted enquiry (consultation) or the client record (session). */
  enquiryId?: string;
  clientId?: string;
  client: { name: string; email: string };
  /**
   * Fixed when the invitation is made: the email and the booking page name this length, so a later
   * change to the therapist's settings does not change what this person was offered.
   */
  durationMinutes: number;
  status: InvitationStatus;
  /** The request holding the invitation while it waits for the therapist. */
  pendingBookingId?: string;
  /** The booking the invitation led to. */
  bookingId?: string;
  /** ISO instants. */
  createdAt: string;
  expiresAt: string;
  /** Before this instant the invitation's slots are not yet open (the early window of a welcome back). */
  opensAt?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an invitation made at `now` stops letting its holder book. */
export const invitationExpiresAt = (now: Date, ttlDays: number): Date => new Date(now.getTime() + ttlDays * DAY_MS);

export const isInvitationExpired = (invitation: Pick<Invitation, 'expiresAt'>, now: Date): boolean =>
  Date.parse(invitation.expiresAt) <= now.getTime();

export interface NewInvitation {
  invitationId: string;
  therapistId: string;
  kind: InvitationKind;
  client: { name: string; email: string };
  durationMinutes: number;
  now: Date;
  expiresAt: Date;
  enquiryId?: string;
  clientId?: string;
  opensAt?: Date;
}

export function newInvitation(input: NewInvitation): Invitation {
  if (input.expiresAt.getTime() <= input.now.getTime())
    throw new RangeError('An invitation must expire after it is made');
  return {
    invitationId: input.invitationId,
    therapistId: input.therapistId,
    kind: input.kind,
    ...(input.enquiryId ? { enquiryId: input.enquiryId } : {}),
    ...(input.clientId ? { clientId: input.clientId } : {}),
    client: { name: input.client.name, email: input.client.email },
    durationMinutes: input.durationMinutes,
    status: 'open',
    createdAt: input.now.toISOString(),
    expiresAt: input.expiresAt.toISOString(),
    ...(input.opensAt ? { opensAt: input.opensAt.toISOString() } : {}),
  };
}
