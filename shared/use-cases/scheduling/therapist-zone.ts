/** The zone a therapist's dates mean: their weekly hours' zone once set, else their profile's. */
import { DateTime } from 'luxon';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { StoredWeeklyHours } from '#shared/store/scheduling.js';

/** Where neither is known (a signed-in therapist with no profile yet), dates are read as UTC. */
export const therapistZone = (
  hours: StoredWeeklyHours | undefined,
  profile: Pick<TherapistProfile, 'timeZone'> | undefined,
): string => hours?.timeZone ?? profile?.timeZone ?? 'UTC';

/** Today's date (YYYY-MM-DD) on the therapist's wall calendar. */
export const todayIn = (zone: string, now: Date): string =>
  DateTime.fromMillis(now.getTime(), { zone }).toISODate() ?? now.toISOString().slice(0, 10);
