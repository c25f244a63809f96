/**
 * What the booking pages read, composed from the same use-case and store functions as the JSON API
 * (readInvitationByToken, loadSchedule, resolveSlotWindow, freeSlotsWithSchedule), so a page offers
 * exactly the times GET /invitations/{token}/slots would. Reading never spends a link.
 */
import type { BookingStatus } from '#shared/domain/booking.js';
import { insideNoticeWindow, requestTimes } from '#shared/domain/booking-policy.js';
import type { CrisisSupport } from '#shared/config.js';
import type { AppointmentMode, PracticeSettings } from '#shared/domain/practice-settings.js';
import type { InvitationKind, InvitationStatus } from '#shared/domain/invitation.js';
import { NotFound } from '#shared/domain/errors.js';
import { formatSlot } from '#shared/domain/slots/format.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import { crisisSupportOf } from '#shared/store/index.js';
import type { UseCaseDeps } from '#shared/use-cases/deps.js';
import type { Invitation } from '#shared/domain/invitation.js';
import { freeSlotsWithSchedule } from '#shared/use-cases/invitations/free-slots.js';
import { invitationOfBooking } from '#shared/use-cases/bookings/booking-invitation.js';
import { readInvitationByToken } from '#shared/use-cases/invitations/read-invitation.js';
import { firstContactPhone } from '#shared/use-cases/bookings/book-slot.js';
import { resolveSlotWindow } from '#shared/use-cases/invitations/slot-window.js';
import { daysRead, plusDays, shownZone, slotWeek, weekFrom, type SlotWeek } from './slot-week.js';

/** What the visitor asked for in the query string (or the hidden fields of a form). */
export interface PageRequest {
  tz?: string | undefined;
  from?: string | undefined;
  /** The day whose times to show (YYYY-MM-DD in the shown zone). */
  day?: string | undefined;
}

/** The booking an invitation already leads to, in the shown zone. */
export interface ExistingBooking {
  status: BookingStatus;
  start: string;
  end: string;
  /** While a request waits: when the therapist will have answered by (or it is released). */
  answerBy?: string;
}

export interface BookPageData {
  kind: InvitationKind;
  therapistId: string;
  status: InvitationStatus;
  therapistName: string;
  durationMinutes: number;
  /** Whether a booking waits for the therapist (a request) or is confirmed at once. */
  requiresConfirmation: boolean;
  /** Free times, while the invitation can still book. */
  week?: SlotWeek;
  /** The zone every time on the page is shown in. */
  timeZone: string;
  /** The therapist's zone: what the page shows when the visitor's is not known. */
  therapistZone: string;
  /** The waiting request or the booking, once there is one. */
  existing?: ExistingBooking;
  /** How the appointment happens, said before a time is chosen. */
  join: AppointmentMode;
  /** The therapist's own line about fees, when they set one. */
  fees?: string;
  /** The crisis lines the therapist's clients see (theirs, or the deployment's). */
  crisis: CrisisSupport;
  /** For a phone appointment: the number given at first contact, shown to confirm or change. */
  phoneOnFile?: string;
}

/** `moving`: the booking being moved. Its cells count as free (a move may overlap its own time), but its own start is not offered. */
async function weekOf(
  deps: UseCaseDeps,
  invitation: Invitation,
  therapist: Pick<TherapistProfile, 'timeZone'>,
  schedule: StoredSchedule,
  zone: string,
  request: PageRequest,
  now: Date,
  moving?: { bookingId: string; start: string },
): Promise<SlotWeek> {
  const { today, from } = weekFrom(zone, request.from, now);
  const window = resolveSlotWindow({ from, to: plusDays(from, daysRead - 1, zone), tz: zone }, zone, now);
  const slots = await freeSlotsWithSchedule(deps, invitation, therapist, schedule, {
    from: window.from,
    to: window.to,
    now,
    ...(moving ? { excludeBookingId: moving.bookingId } : {}),
  });
  const heldStart = moving ? Date.parse(moving.start) : undefined;
  // Said on the time itself, before it is chosen: a time this close could not be cancelled or moved online.
  const marked = slots
    .filter((s) => s.start !== heldStart)
    .map((s) => ({
      ...formatSlot(s, zone),
      ...(insideNoticeWindow(s.start, schedule.settings, now.getTime()) ? { closeToStart: true } : {}),
    }));
  return { ...slotWeek(marked, zone, from, today), noticeHours: schedule.settings.cancellationNoticeHours };
}

function shown(
  booking: { status: BookingStatus; start: string; end: string; requestedAt: string },
  zone: string,
  settings: Pick<PracticeSettings, 'requestExpiryHours'>,
): ExistingBooking {
  const startMs = Date.parse(booking.start);
  const answerBy =
    booking.status === 'requested'
      ? formatSlot(
          { start: requestTimes(new Date(booking.requestedAt), startMs, settings).expiresAt.getTime(), end: startMs },
          zone,
        ).start
      : undefined;
  return {
    status: booking.status,
    ...formatSlot({ start: startMs, end: Date.parse(booking.end) }, zone),
    ...(answerBy ? { answerBy } : {}),
  };
}

/** LinkInvalid / LinkGone as readInvitationByToken throws them. */
export async function loadBookPage(
  deps: UseCaseDeps,
  token: string,
  request: PageRequest,
  now: Date,
): Promise<BookPageData> {
  const { invitation, therapist } = await readInvitationByToken(deps, token, now);
  const schedule = await deps.store.scheduling.load(invitation.therapistId, now);
  const therapistZone = schedule.hours?.timeZone ?? therapist.timeZone;
  const zone = shownZone(request.tz, therapistZone);
  const base = {
    kind: invitation.kind,
    therapistId: invitation.therapistId,
    status: invitation.status,
    therapistName: therapist.displayName,
    durationMinutes: invitation.durationMinutes,
    requiresConfirmation: schedule.settings.requiresConfirmation,
    timeZone: zone,
    therapistZone,
    join: schedule.settings.consultation.mode,
    ...(therapist.fees ? { fees: therapist.fees } : {}),
    crisis: crisisSupportOf(therapist, deps.config.settings),
  };
  const bookingId =
    invitation.status === 'pending'
      ? invitation.pendingBookingId
      : invitation.status === 'booked'
        ? invitation.bookingId
        : undefined;
  if (bookingId) {
    const booking = await deps.store.bookings.get(invitation.therapistId, bookingId, now);
    return { ...base, ...(booking ? { existing: shown(booking, zone, schedule.settings) } : {}) };
  }
  const phoneOnFile = base.join.kind === 'phone' ? await firstContactPhone(deps, invitation, now) : undefined;
  return {
    ...base,
    ...(phoneOnFile ? { phoneOnFile } : {}),
    week: await weekOf(deps, invitation, therapist, schedule, zone, request, now),
  };
}

/**
 * Free times to move a booking to: its invitation's times, less the time it already holds (its cells
 * count as free, as rescheduleBooking sees them, so a move by half an hour is offered). Call after viewManagedBooking has checked the link and the policy.
 */
export async function loadMoveSlots(
  deps: UseCaseDeps,
  token: string,
  zone: string,
  request: PageRequest,
  now: Date,
): Promise<SlotWeek> {
  const record = await deps.store.tokens.read(token, now, ['booking-manage']);
  const booking = await deps.store.bookings.get(record.therapistId, record.subjectId, now);
  if (!booking) throw new NotFound('booking');
  const [invitation, therapist, schedule] = await Promise.all([
    invitationOfBooking(deps, booking, now),
    deps.store.therapists.get(booking.therapistId),
    deps.store.scheduling.load(booking.therapistId, now),
  ]);
  if (!invitation || !therapist) throw new NotFound('booking');
  return weekOf(deps, invitation, therapist, schedule, zone, request, now, {
    bookingId: booking.bookingId,
    start: booking.start,
  });
}
