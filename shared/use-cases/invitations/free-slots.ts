/**
 * The free times an invitation offers: the therapist's schedule (one Query, with the busy times of
 * their own calendars), their active bookings' occupied ranges (one gsi2 Query) and the slot engine, with the invitation's length and the
 * therapist's current buffers, notice, horizon and daily limit. The booking side calls this to check
 * that a requested start is one that is offered; the lock items, not this read, keep bookings apart.
 */
import type { Invitation } from '#shared/domain/invitation.js';
import { closedDatesFor } from '#shared/domain/therapist-break.js';
import {
  findFreeSlots,
  type BusyInterval,
  type Slot,
  type SlotRules,
  type WeeklyHours,
} from '#shared/domain/slots/index.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { UseCaseDeps } from '../deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SlotWindow {
  /** Epoch ms; slots start at or after `from` and end at or before `to`. */
  from: number;
  to: number;
  now: Date;
  /** The booking being moved: its own time is free to move into. */
  excludeBookingId?: string;
  /** What the bookings alone would offer: to tell a time the therapist's own calendar took from one another client took. */
  ignoreBusyCalendars?: boolean;
}

/**
 * Weekly hours to compute with. No hours and no overrides: nothing is offered. Overrides alone (a
 * therapist who opens single dates) are read in the profile's zone.
 */
export function hoursToUse(
  schedule: StoredSchedule,
  therapist: Pick<TherapistProfile, 'timeZone'>,
): WeeklyHours | undefined {
  if (schedule.hours) return { timeZone: schedule.hours.timeZone, weekly: schedule.hours.weekly };
  return schedule.overrides.length > 0 ? { timeZone: therapist.timeZone, weekly: {} } : undefined;
}

export function rulesFor(invitation: Pick<Invitation, 'durationMinutes'>, schedule: StoredSchedule): SlotRules {
  const s = schedule.settings;
  return {
    durationMinutes: invitation.durationMinutes,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    minimumNoticeMinutes: s.minimumNoticeMinutes,
    horizonDays: s.horizonDays,
    dailyLimit: s.dailyLimit,
    gridMinutes: s.startIntervalMinutes,
  };
}

const MINUTE_MS = 60_000;

/**
 * Busy times from the therapist's own calendars that reach [from, to), each widened by the current
 * buffers, exactly as a booking made now would occupy it: the gap to an appointment is the same
 * whether the neighbour is a client or the dentist.
 */
export function calendarBusyFor(schedule: StoredSchedule, window: { from: number; to: number }): BusyInterval[] {
  const before = schedule.settings.bufferBeforeMinutes * MINUTE_MS;
  const after = schedule.settings.bufferAfterMinutes * MINUTE_MS;
  return schedule.busyCalendars
    .flatMap((c) => c.busy)
    .map((b) => ({ start: b.start - before, end: b.end + after }))
    .filter((b) => b.end > window.from && b.start < window.to)
    .sort((a, b) => a.start - b.start);
}

export async function freeSlotsForInvitation(
  deps: UseCaseDeps,
  invitation: Invitation,
  therapist: Pick<TherapistProfile, 'therapistId' | 'timeZone'>,
  window: SlotWindow,
): Promise<Slot[]> {
  return freeSlotsWithSchedule(
    deps,
    invitation,
    therapist,
    await deps.store.scheduling.load(invitation.therapistId, window.now),
    window,
  );
}

/** As freeSlotsForInvitation, for a caller that has already loaded the schedule. */
export async function freeSlotsWithSchedule(
  deps: UseCaseDeps,
  invitation: Invitation,
  therapist: Pick<TherapistProfile, 'timeZone'>,
  schedule: StoredSchedule,
  { from, to, now, excludeBookingId, ignoreBusyCalendars }: SlotWindow,
): Promise<Slot[]> {
  if (invitation.opensAt && Date.parse(invitation.opensAt) > now.getTime()) return [];
  const hours = hoursToUse(schedule, therapist);
  if (!hours || to <= from) return [];
  // The daily limit counts every appointment of each local day the window touches, so read a day
  // either side (no zone is more than 14 hours from UTC).
  const busy = await deps.store.scheduling.busy(invitation.therapistId, {
    from: from - DAY_MS,
    to: to + DAY_MS,
    ...(excludeBookingId ? { excludeBookingId } : {}),
  });
  // Breaks close their dates; a break's early window also keeps the days after it for returning clients (therapist-break.ts).
  const closed = closedDatesFor(invitation.kind, schedule.breaks, hours.timeZone, schedule.settings, now);
  const calendarBusy = ignoreBusyCalendars ? [] : calendarBusyFor(schedule, { from: from - DAY_MS, to: to + DAY_MS });
  return findFreeSlots(
    hours,
    schedule.overrides,
    closed,
    busy,
    rulesFor(invitation, schedule),
    { from, to, now: now.getTime() },
    calendarBusy,
  );
}
