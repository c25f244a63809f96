/**
 * Date overrides: replace the weekly hours of one date in the therapist's zone ([] closes it).
 * Only today and later can be set: a past date offers nothing anyway, and refusing it catches a
 * mistyped year.
 */
import { DateTime } from 'luxon';
import { NotFound, RuleViolation } from '#shared/domain/errors.js';
import type { DateOverride } from '#shared/domain/slots/types.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistZone, todayIn } from './therapist-zone.js';

/** Further ahead than any booking horizon (at most 365 days) can reach, with room to plan. */
const furthestAheadYears = 2;

async function zoneOf(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
): Promise<{ zone: string; overrides: DateOverride[] }> {
  const schedule = await deps.store.scheduling.load(therapistId, now);
  const profile = schedule.hours ? undefined : await deps.store.therapists.get(therapistId);
  return { zone: therapistZone(schedule.hours, profile), overrides: schedule.overrides };
}

export async function setOverride(
  deps: UseCaseDeps,
  therapistId: string,
  override: DateOverride,
  now: Date,
): Promise<DateOverride> {
  const { zone } = await zoneOf(deps, therapistId, now);
  const today = todayIn(zone, now);
  if (override.date < today)
    throw new RuleViolation(
      `${override.date} has passed (today is ${today} in ${zone}). Please choose today or a later date.`,
      'date',
    );
  const furthest = DateTime.fromISO(today, { zone }).plus({ years: furthestAheadYears }).toISODate()!;
  if (override.date > furthest)
    throw new RuleViolation(
      `Please choose a date within the next ${furthestAheadYears} years (up to ${furthest}).`,
      'date',
    );
  await deps.store.scheduling.saveOverride(therapistId, override, now);
  return { date: override.date, intervals: override.intervals };
}

export async function removeOverride(deps: UseCaseDeps, therapistId: string, date: string, now: Date): Promise<void> {
  if (!(await deps.store.scheduling.deleteOverride(therapistId, date, now))) throw new NotFound('date override');
}

/** Today's and later overrides, in date order. */
export async function listUpcomingOverrides(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
): Promise<{ timeZone: string; items: DateOverride[] }> {
  const { zone, overrides } = await zoneOf(deps, therapistId, now);
  const today = todayIn(zone, now);
  return {
    timeZone: zone,
    items: overrides.filter((o) => o.date >= today).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}
