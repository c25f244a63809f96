/**
 * A client books a time from their invitation (POST /invitations/{token}/bookings).
 *
 * The chosen start must be one the invitation offers right now (a friendly check, read from gsi2 and
 * the schedule; a time the therapist's own calendar took since it was shown is a lost race too),
 * but the guard is the transaction: the booking, one lock item per cell it occupies (Put with
 * attribute_not_exists), the invitation's hold (one waiting request per invitation) or its booking
 * (auto-confirm), the emails, the links and the timers — all or nothing. Losing a race to another
 * booking of an overlapping time is a 409 with fresh times to choose from, never a 5xx.
 */
import { occupiedRange, requestTimes } from '#shared/domain/booking-policy.js';
import { InvitationUsed, RequestAlreadyWaiting, SlotTaken } from '#shared/domain/booking-errors.js';
import { LinkGone } from '#shared/domain/errors.js';
import type { Invitation } from '#shared/domain/invitation.js';
import { formatSlot } from '#shared/domain/slots/format.js';
import { newId } from '#shared/ids.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { isLockTake } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import { resumeOnBooking } from '../clients/resume-client.js';
import type { UseCaseDeps } from '../deps.js';
import { confirmedEmails, requestedEmail, requestEmail, type BookingContext } from './booking-emails.js';
import { issueManageLink, issueRequestLinks } from './booking-links.js';
import { reminderWrites, requestTimerPuts } from './booking-timers.js';
import { failedIndexes, onlyConflicts, writeBookingChange } from './booking-write.js';
import { loadContext } from './booking-context.js';
import { freshSlots, notOffered } from './fresh-slots.js';
import { freeSlotsForInvitation } from '../invitations/free-slots.js';
import { readInvitationByToken } from '../invitations/read-invitation.js';

const MINUTE_MS = 60_000;

export interface BookSlotInput {
  token: string;
  /** The chosen start (validated as an ISO instant at the edge). */
  start: Date;
  /** The client's IANA zone, for their emails and the answer; defaults to the therapist's. */
  timeZone?: string;
  /** For a phone appointment: the number to call (else the one from first contact, when there is one). */
  phone?: string;
  now: Date;
}

export interface BookSlotResult {
  bookingId: string;
  status: 'requested' | 'confirmed';
  /** In the client's zone, with offset. */
  start: string;
  end: string;
  timeZone: string;
}

export async function bookSlot(deps: UseCaseDeps, input: BookSlotInput): Promise<BookSlotResult> {
  const { now } = input;
  const { settings } = deps.config;
  const { invitation, therapist } = await readInvitationByToken(deps, input.token, now);
  const { ctx } = await loadContext(deps, therapist.therapistId, now);
  const timeZone = input.timeZone ?? ctx.therapistZone;
  if (invitation.status === 'pending') throw new RequestAlreadyWaiting(therapist.displayName);
  if (invitation.status === 'booked') throw new InvitationUsed(therapist.displayName);

  const startMs = input.start.getTime();
  const endMs = startMs + invitation.durationMinutes * MINUTE_MS;
  const offered = await freeSlotsForInvitation(deps, invitation, therapist, { from: startMs, to: endMs, now });
  if (!offered.some((s) => s.start === startMs && s.end === endMs))
    throw await notOffered(deps, invitation, therapist, { start: startMs, end: endMs }, timeZone, now);

  const practice = ctx.practice;
  const phone =
    practice.consultation.mode.kind === 'phone'
      ? (input.phone ?? (await firstContactPhone(deps, invitation, now)))
      : undefined;
  const { occupiedStart, occupiedEnd, cells } = occupiedRange(startMs, endMs, practice);
  const autoConfirm = !practice.requiresConfirmation;
  const booking: StoredBooking = {
    bookingId: newId(now),
    therapistId: therapist.therapistId,
    kind: invitation.kind,
    status: autoConfirm ? 'confirmed' : 'requested',
    invitationId: invitation.invitationId,
    ...(invitation.enquiryId ? { enquiryId: invitation.enquiryId } : {}),
    ...(invitation.clientId ? { clientId: invitation.clientId } : {}),
    client: { name: invitation.client.name, email: invitation.client.email, ...(phone ? { phone } : {}) },
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    occupiedStart,
    occupiedEnd,
    clientTimeZone: timeZone,
    sequence: 0,
    requestedAt: now.toISOString(),
    ...(autoConfirm ? { confirmedAt: now.toISOString() } : {}),
    version: 0,
    mode: practice.consultation.mode,
    reminderOffsetsMinutes: autoConfirm ? [...practice.reminderOffsetsMinutes] : [],
    updatedAt: now.toISOString(),
  };

  // The invitation item sits right after the booking, so a failed condition there is recognised by index.
  const invitationIndex = 1;
  const items: TransactItem[] = [
    deps.store.bookings.create(booking),
    autoConfirm
      ? deps.store.invitations.book(therapist.therapistId, invitation.invitationId, booking.bookingId, now)
      : deps.store.invitations.hold(invitation, booking.bookingId, now),
    ...deps.store.locks.takeAll(therapist.therapistId, cells, booking.bookingId),
    ...(autoConfirm ? confirmedWrites(deps, ctx, booking) : requestWrites(deps, ctx, booking)),
    // A client back from a break becomes active when they book again (journey 3).
    ...(invitation.clientId ? await resumeOnBooking(deps, therapist.therapistId, invitation.clientId, now) : []),
  ];

  try {
    await writeBookingChange(deps, items);
  } catch (error) {
    const failed = failedIndexes(error);
    if (failed.some((i) => isLockTake(items[i])) || onlyConflicts(error))
      throw new SlotTaken(timeZone, await freshSlots(deps, invitation, therapist, startMs, timeZone, now));
    if (failed.includes(invitationIndex)) throw await whyInvitationRefused(deps, invitation, therapist, now);
    throw error;
  }
  const shown = formatSlot({ start: startMs, end: endMs }, timeZone);
  return {
    bookingId: booking.bookingId,
    status: booking.status as 'requested' | 'confirmed',
    start: shown.start,
    end: shown.end,
    timeZone,
  };

  function requestWrites(d: UseCaseDeps, c: BookingContext, b: StoredBooking): TransactItem[] {
    const times = requestTimes(now, startMs, practice);
    const manage = issueManageLink(settings, deps.store, b);
    const links = issueRequestLinks(settings, deps.store, b.therapistId, b.bookingId, times.expiresAt);
    return [
      manage.put,
      ...links.puts,
      outboxPut(deps.store, requestedEmail(c, b, times.expiresAt, manage.url), now),
      outboxPut(deps.store, requestEmail(c, b, links, times.expiresAt), now),
      ...requestTimerPuts(deps.store, d.config.settings.timerShards, b, now, practice),
    ];
  }
}

/** The auto-confirmed booking's emails (with ICS), its manage link and its reminders. */
export function confirmedWrites(
  deps: UseCaseDeps,
  ctx: BookingContext,
  booking: StoredBooking,
  autoConfirmed = true,
): TransactItem[] {
  const { settings } = deps.config;
  const manage = issueManageLink(settings, deps.store, booking);
  return [
    manage.put,
    ...confirmedEmails(ctx, booking, manage.url, autoConfirmed).map((m) => outboxPut(deps.store, m, ctx.now)),
    ...reminderWrites(deps.store, settings.timerShards, booking, ctx.now, 'none'),
  ];
}

/** The number the person gave when they first wrote, for a phone appointment booked without one. */
export async function firstContactPhone(
  deps: UseCaseDeps,
  invitation: Pick<Invitation, 'therapistId' | 'enquiryId'>,
  now: Date,
): Promise<string | undefined> {
  if (!invitation.enquiryId) return undefined;
  return (await deps.store.enquiries.get(invitation.therapistId, invitation.enquiryId, now))?.phone;
}

/** Reads the invitation again to say why it refused: a request already waiting, booked, or expired. */
async function whyInvitationRefused(
  deps: UseCaseDeps,
  invitation: Invitation,
  therapist: TherapistProfile,
  now: Date,
): Promise<Error> {
  const current = await deps.store.invitations.get(invitation.therapistId, invitation.invitationId, now);
  if (!current || Date.parse(current.expiresAt) <= now.getTime())
    return new LinkGone('expired', invitation.therapistId);
  if (current.status === 'booked') return new InvitationUsed(therapist.displayName);
  return new RequestAlreadyWaiting(therapist.displayName);
}
