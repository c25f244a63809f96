/** What every break use case reads first: the therapist, the zone their dates mean, and their break policy. */
import type { BreakPolicy } from '../../domain/therapist-break.js';
import { loadSchedule } from '../../store/scheduling.js';
import { getTherapist, type TherapistProfile } from '../../store/therapists.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone } from '../scheduling/therapist-zone.js';

export interface BreakContext {
  /** Undefined for a signed-in therapist without a profile yet: their breaks still close time. */
  therapist: TherapistProfile | undefined;
  zone: string;
  policy: BreakPolicy;
}

export async function loadBreakContext(deps: UseCaseDeps, therapistId: string, now: Date): Promise<BreakContext> {
  const [therapist, schedule] = await Promise.all([getTherapist(deps.db, deps.config.tableName, therapistId), loadSchedule(deps, therapistId, now)]);
  const { breakNoticeDays, welcomeBackDays, earlyWindowDays } = schedule.settings;
  return { therapist, zone: therapistZone(schedule.hours, therapist), policy: { breakNoticeDays, welcomeBackDays, earlyWindowDays } };
}
