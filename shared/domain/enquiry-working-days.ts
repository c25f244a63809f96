/**
 * Working-day arithmetic in the therapist's zone. A working day is Monday to Friday (public holidays
 * are not known yet). "n working days after t" keeps t's wall-clock time and counts only weekdays, so
 * an enquiry on Friday at 18:00 is two working days old on Tuesday at 18:00. An enquiry that arrives
 * at the weekend starts counting on Monday at 00:00, because nobody owed it a reply before then.
 */
import { DateTime } from 'luxon';

const isWeekend = (d: DateTime): boolean => d.weekday >= 6;

export function addWorkingDays(from: Date, days: number, timeZone: string): Date {
  let at = DateTime.fromJSDate(from, { zone: timeZone });
  if (!at.isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  if (isWeekend(at)) {
    while (isWeekend(at)) at = at.plus({ days: 1 });
    at = at.startOf('day');
  }
  for (let left = days; left > 0; ) {
    // plus({ days }) keeps the wall-clock time across daylight-saving changes.
    at = at.plus({ days: 1 });
    if (!isWeekend(at)) left--;
  }
  return at.toJSDate();
}
