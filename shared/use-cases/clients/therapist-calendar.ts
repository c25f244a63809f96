/** The therapist's zone and today's date on their calendar: what the client dates are read in. */
import { DateTime } from 'luxon';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone, todayIn } from '../scheduling/therapist-zone.js';

export interface TherapistCalendar {
  zone: string;
  today: string;
  /** Midnight at the start of `date` (YYYY-MM-DD) in the therapist's zone. */
  startOf(date: string): Date;
}

export async function therapistCalendar(deps: UseCaseDeps, therapistId: string, now: Date): Promise<TherapistCalendar> {
  const [profile, hours] = await Promise.all([
    deps.store.therapists.get(therapistId),
    deps.store.scheduling.getWeeklyHours(therapistId),
  ]);
  const zone = therapistZone(hours, profile);
  return {
    zone,
    today: todayIn(zone, now),
    startOf: (date) => DateTime.fromISO(date, { zone }).startOf('day').toJSDate(),
  };
}
