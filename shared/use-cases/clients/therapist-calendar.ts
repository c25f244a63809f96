/** The therapist's zone and today's date on their calendar: what the client dates are read in. */
import { DateTime } from 'luxon';
import { getWeeklyHours } from '../../store/scheduling.js';
import { getTherapist } from '../../store/therapists.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone, todayIn } from '../scheduling/therapist-zone.js';

export interface TherapistCalendar {
  zone: string;
  today: string;
  /** Midnight at the start of `date` (YYYY-MM-DD) in the therapist's zone. */
  startOf(date: string): Date;
}

export async function therapistCalendar(deps: UseCaseDeps, therapistId: string, now: Date): Promise<TherapistCalendar> {
  const [profile, hours] = await Promise.all([getTherapist(deps.db, deps.config.tableName, therapistId), getWeeklyHours(deps, therapistId)]);
  const zone = therapistZone(hours, profile);
  return { zone, today: todayIn(zone, now), startOf: (date) => DateTime.fromISO(date, { zone }).startOf('day').toJSDate() };
}
