/** GET/PUT /me/availability: weekly working hours in the therapist's IANA zone. */
import { RuleViolation } from '#shared/domain/errors.js';
import type { WeeklyHours } from '#shared/domain/slots/types.js';
import type { UseCaseDeps } from '../deps.js';
import { lengthThatDoesNotFit } from './length-fit.js';
import { therapistZone } from './therapist-zone.js';

export interface AvailabilityView extends WeeklyHours {
  /** False until the therapist sets hours: no hours, no slots. */
  configured: boolean;
  updatedAt?: string;
}

export async function readAvailability(deps: UseCaseDeps, therapistId: string): Promise<AvailabilityView> {
  const hours = await deps.store.scheduling.getWeeklyHours(therapistId);
  if (hours) return { ...hours, configured: true };
  const profile = await deps.store.therapists.get(therapistId);
  return { timeZone: therapistZone(undefined, profile), weekly: {}, configured: false };
}

/** Replaces the weekly hours (validated by weeklyHoursSchema at the edge). */
export async function updateAvailability(
  deps: UseCaseDeps,
  therapistId: string,
  hours: WeeklyHours,
  now: Date,
): Promise<AvailabilityView> {
  const { settings } = await deps.store.scheduling.load(therapistId, now);
  const problem = lengthThatDoesNotFit(settings, hours.weekly, 'hours');
  if (problem) throw new RuleViolation(problem.message, problem.path);
  return { ...(await deps.store.scheduling.saveWeeklyHours(therapistId, hours, now)), configured: true };
}
