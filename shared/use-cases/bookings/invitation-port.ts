/**
 * The invitations feature, as the booking lifecycle uses it: one place that names it, so the
 * booking code does not reach into the invitation code's files from everywhere.
 */
export { readInvitationByToken } from '../invitations/read-invitation.js';
export { freeSlotsForInvitation } from '../invitations/free-slots.js';
export { createSessionInvitation } from '../invitations/session-invitation.js';
export { getInvitation, invitationBook, invitationHold, invitationRelease } from '../../store/invitations.js';
