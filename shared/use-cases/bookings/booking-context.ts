/** What every booking change reads first: the therapist, their schedule settings, and the booking. */
import { NotFound } from '#shared/domain/errors.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import { readOncePerRun, therapistOf, type UseCaseDeps } from '../deps.js';
import type { BookingContext } from './booking-emails.js';

export interface Loaded {
  ctx: BookingContext;
  schedule: StoredSchedule;
}

export async function loadContext(deps: UseCaseDeps, therapistId: string, now: Date): Promise<Loaded> {
  // Read-only from here on, so a sweep's firings for one therapist can share one read of each.
  const [therapist, schedule] = await Promise.all([
    therapistOf(deps, therapistId),
    readOncePerRun(deps, `schedule#${therapistId}`, () => deps.store.scheduling.load(therapistId, now)),
  ]);
  if (!therapist) throw new NotFound('booking');
  return {
    ctx: {
      therapist,
      therapistZone: schedule.hours?.timeZone ?? therapist.timeZone,
      practice: schedule.settings,
      settings: deps.config.settings,
      now,
    },
    schedule,
  };
}

/** The booking and its context; a booking of another therapist is simply not found. */
export async function loadBooking(
  deps: UseCaseDeps,
  therapistId: string,
  bookingId: string,
  now: Date,
): Promise<Loaded & { booking: StoredBooking }> {
  const [loaded, booking] = await Promise.all([
    loadContext(deps, therapistId, now),
    deps.store.bookings.get(therapistId, bookingId, now),
  ]);
  if (!booking) throw new NotFound('booking');
  return { ...loaded, booking };
}
