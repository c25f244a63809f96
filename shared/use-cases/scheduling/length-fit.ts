/**
 * "A length that does not fit": settings and weekly hours are saved separately, but together they
 * must offer something. If the consultation or the session is longer than every working period of
 * the week, nobody could ever book it, and the therapist would only find out from silence. So the
 * save that would create that combination is refused (400), naming the field it came in on.
 * A week with no hours at all is allowed: it means "not taking bookings", and says so by itself.
 * Date overrides are not checked: a short day is a normal thing to set.
 */
import type { PracticeSettings } from '#shared/domain/practice-settings.js';
import type { LocalInterval, Weekday } from '#shared/domain/slots/types.js';
import { weekdayName, weeklyFit } from '#shared/domain/weekly-hours-schema.js';

export interface LengthProblem {
  path: string;
  message: string;
}

type Lengths = Pick<PracticeSettings, 'consultation' | 'sessionLengthMinutes' | 'startIntervalMinutes'>;

/** The first length that fits no working period, or undefined when both fit (or there are no hours). */
export function lengthThatDoesNotFit(
  settings: Lengths,
  weekly: Partial<Record<Weekday, LocalInterval[]>>,
  savedWith: 'settings' | 'hours',
): LengthProblem | undefined {
  const fit = weeklyFit(weekly, settings.startIntervalMinutes);
  if (fit.longestMinutes === 0 || !fit.longestDay) return undefined;
  const longest = `${fit.longestMinutes} minutes (on ${weekdayName(fit.longestDay)})`;
  const lengths = [
    { what: 'consultation', minutes: settings.consultation.durationMinutes, path: 'consultation.durationMinutes' },
    { what: 'session', minutes: settings.sessionLengthMinutes, path: 'sessionLengthMinutes' },
  ];
  for (const length of lengths) {
    if (length.minutes <= fit.longestMinutes) continue;
    return savedWith === 'settings'
      ? {
          path: length.path,
          message: `A ${length.minutes}-minute ${length.what} does not fit in any of your working periods: the longest bookable stretch is ${longest}. Please shorten the ${length.what}, or lengthen your weekly hours first.`,
        }
      : {
          path: 'weekly',
          message: `Your ${length.what}s last ${length.minutes} minutes, but the longest bookable stretch in these hours is ${longest}, so nobody could book one. Please lengthen a period, or shorten the ${length.what} in your settings first.`,
        };
  }
  return undefined;
}
