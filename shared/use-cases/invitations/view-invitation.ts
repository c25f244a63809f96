/** What an invitation's holder sees: what it is for, and its free times in their zone. */
import { StateConflict } from '#shared/domain/errors.js';
import type { InvitationKind, InvitationStatus } from '#shared/domain/invitation.js';
import { formatSlot } from '#shared/domain/slots/index.js';
import type { UseCaseDeps } from '../deps.js';
import { freeSlotsWithSchedule } from './free-slots.js';
import { readInvitationByToken } from './read-invitation.js';
import { resolveSlotWindow, type SlotWindowQuery } from './slot-window.js';

export interface InvitationView {
  kind: InvitationKind;
  status: InvitationStatus;
  therapist: { displayName: string };
  durationMinutes: number;
  expiresAt: string;
  /** The therapist's zone: what slots are shown in when the visitor's zone is not known. */
  timeZone: string;
}

export async function describeInvitation(deps: UseCaseDeps, token: string, now: Date): Promise<InvitationView> {
  const { invitation, therapist } = await readInvitationByToken(deps, token, now);
  const { hours } = await deps.store.scheduling.load(invitation.therapistId, now);
  return {
    kind: invitation.kind,
    status: invitation.status,
    therapist: { displayName: therapist.displayName },
    durationMinutes: invitation.durationMinutes,
    expiresAt: invitation.expiresAt,
    timeZone: hours?.timeZone ?? therapist.timeZone,
  };
}

export interface SlotList {
  timeZone: string;
  /** ISO 8601 with the offset of `timeZone` at each instant. */
  slots: { start: string; end: string }[];
}

/**
 * Free times of an open or pending invitation (a pending one can look, not book another). A booked
 * invitation has done its work: 409, with the way to change the booking.
 */
export async function listInvitationSlots(
  deps: UseCaseDeps,
  token: string,
  query: SlotWindowQuery,
  now: Date,
): Promise<SlotList> {
  const { invitation, therapist } = await readInvitationByToken(deps, token, now);
  if (invitation.status === 'booked')
    throw new StateConflict(
      'You have already booked a time with this invitation. Your confirmation email has a link to change or cancel it.',
      { invitationStatus: invitation.status },
    );
  const schedule = await deps.store.scheduling.load(invitation.therapistId, now);
  const window = resolveSlotWindow(query, schedule.hours?.timeZone ?? therapist.timeZone, now);
  const slots = await freeSlotsWithSchedule(deps, invitation, therapist, schedule, {
    from: window.from,
    to: window.to,
    now,
  });
  return { timeZone: window.timeZone, slots: slots.map((s) => formatSlot(s, window.timeZone)) };
}
