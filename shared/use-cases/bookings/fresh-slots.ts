/**
 * The free times to offer when a chosen time cannot be booked: the days around the time asked for,
 * in the client's zone, so the answer to a lost race is something to pick from, not a dead end.
 */
import { formatSlot } from '#shared/domain/slots/format.js';
import { SlotNoLongerFree, SlotNotOffered, type SlotView } from '#shared/domain/booking-errors.js';
import type { Invitation } from '#shared/domain/invitation.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { UseCaseDeps } from '../deps.js';
import { freeSlotsForInvitation } from '../invitations/free-slots.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A page's worth: enough to choose from without sending a month of times. */
const maxSlots = 40;

export async function freshSlots(
  deps: UseCaseDeps,
  invitation: Invitation,
  therapist: TherapistProfile,
  aroundMs: number,
  timeZone: string,
  now: Date,
): Promise<SlotView[]> {
  const from = Math.max(now.getTime(), aroundMs - 3 * DAY_MS);
  const to = from + 7 * DAY_MS;
  const slots = await freeSlotsForInvitation(deps, invitation, therapist, { from, to, now });
  return slots.slice(0, maxSlots).map((slot) => formatSlot(slot, timeZone));
}

/**
 * Why a chosen time is not offered, with fresh times: when the bookings alone would still offer it, the
 * therapist's own calendar took it since it was shown, and the client hears it as a lost race.
 */
export async function notOffered(
  deps: UseCaseDeps,
  invitation: Invitation,
  therapist: TherapistProfile,
  chosen: { start: number; end: number; excludeBookingId?: string },
  timeZone: string,
  now: Date,
): Promise<SlotNotOffered> {
  const slots = await freshSlots(deps, invitation, therapist, chosen.start, timeZone, now);
  const window = {
    from: chosen.start,
    to: chosen.end,
    now,
    ignoreBusyCalendars: true,
    ...(chosen.excludeBookingId ? { excludeBookingId: chosen.excludeBookingId } : {}),
  };
  const withoutCalendars = await freeSlotsForInvitation(deps, invitation, therapist, window);
  return withoutCalendars.some((s) => s.start === chosen.start && s.end === chosen.end)
    ? new SlotNoLongerFree(timeZone, slots)
    : new SlotNotOffered(timeZone, slots);
}
