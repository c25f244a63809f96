/** What every break use case reads first: the therapist, the zone their dates mean, and their break policy. */
import { breakTimeline, dayBack, type BreakPolicy } from '#shared/domain/therapist-break.js';
import type { StoredBreak } from '#shared/store/breaks.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone } from '../scheduling/therapist-zone.js';

export interface BreakContext {
  /** Undefined for a signed-in therapist without a profile yet: their breaks still close time. */
  therapist: TherapistProfile | undefined;
  zone: string;
  policy: BreakPolicy;
  /** Hours, overrides and breaks: which days after a break the therapist works. */
  schedule: StoredSchedule;
}

export async function loadBreakContext(deps: UseCaseDeps, therapistId: string, now: Date): Promise<BreakContext> {
  const [therapist, schedule] = await Promise.all([
    deps.store.therapists.get(therapistId),
    deps.store.scheduling.load(therapistId, now),
  ]);
  const { breakNoticeDays, welcomeBackDays, earlyWindowDays } = schedule.settings;
  return {
    therapist,
    zone: therapistZone(schedule.hours, therapist),
    policy: { breakNoticeDays, welcomeBackDays, earlyWindowDays },
    schedule,
  };
}

export interface BreakInProgress {
  break: StoredBreak;
  therapist: TherapistProfile;
  /** The first therapist-local date after the break: from it on, a booking counts as booked again. */
  firstDayBack: string;
  /** The first date after the break the therapist works: the day clients are told they are back. */
  backOn: string;
}

/**
 * What a break's notice and welcome-back timers read first: the break, its therapist and the day
 * they are back. Undefined when the break (or the therapist) is gone, and the timer should retire.
 */
export async function loadBreakInProgress(
  deps: UseCaseDeps,
  therapistId: string,
  breakId: string,
  now: Date,
): Promise<BreakInProgress | undefined> {
  const [b, ctx] = await Promise.all([
    deps.store.breaks.get(therapistId, breakId, now),
    loadBreakContext(deps, therapistId, now),
  ]);
  if (!b || !ctx.therapist) return undefined;
  return {
    break: b,
    therapist: ctx.therapist,
    firstDayBack: breakTimeline(b, b.timeZone, ctx.policy).firstDayBack,
    backOn: dayBack(b, ctx.schedule),
  };
}
