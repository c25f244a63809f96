/**
 * One week of free times, grouped by day in the visitor's zone, with where "Earlier times" and
 * "Later times" lead. Pure: the pages read a month of slots once and show a week of it, so a quiet
 * week can point straight at the next day that has times instead of at another empty week.
 */
import { DateTime } from 'luxon';
import { isTimeZone } from '#shared/email/format-time.js';

/** A free time as the slot list gives it: ISO instants with the offset of the shown zone. */
export interface SlotView {
  start: string;
  end: string;
  /** Already inside the cancellation notice window: once booked, not changeable online (booking-policy.ts). */
  closeToStart?: boolean;
}

export interface SlotDay {
  /** YYYY-MM-DD in the shown zone. */
  date: string;
  slots: SlotView[];
}

export interface SlotWeek {
  timeZone: string;
  /** The first day shown (YYYY-MM-DD). */
  from: string;
  days: SlotDay[];
  /** The `from` of the week before, while that is not in the past. */
  earlier?: string;
  /** The first later day with free times, when there is one in the month read. */
  later?: string;
  /** The practice's cancellation notice, for the words beside times marked closeToStart. */
  noticeHours?: number;
}

export const daysShown = 7;
/** How far one page reads: the slot window's own limit (slot-window.ts), so one read stays one Query. */
export const daysRead = 31;

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** The zone to show: the visitor's choice when it is a real zone, else the fallback (the therapist's or the booking's). */
export const shownZone = (requested: string | undefined, fallback: string): string =>
  requested && isTimeZone(requested) ? requested : fallback;

/** The week's first day: the requested date when it is real and not in the past, else today (in `zone`). */
export function weekFrom(zone: string, requested: string | undefined, now: Date): { today: string; from: string } {
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  if (!requested || !dateOnly.test(requested)) return { today, from: today };
  const asked = DateTime.fromISO(requested, { zone });
  if (!asked.isValid) return { today, from: today };
  const from = asked.toISODate()!;
  return { today, from: from < today ? today : from };
}

export const plusDays = (date: string, days: number, zone: string): string =>
  DateTime.fromISO(date, { zone }).plus({ days }).toISODate()!;

/** Groups the slots of the week starting `from`; `slots` may run past it (they say where "later" is). */
export function slotWeek(slots: readonly SlotView[], zone: string, from: string, today: string): SlotWeek {
  const end = plusDays(from, daysShown, zone);
  const days: SlotDay[] = [];
  let later: string | undefined;
  for (const slot of slots) {
    // Each start carries the shown zone's offset, so its first ten characters are the local date.
    const date = slot.start.slice(0, 10);
    if (date < from) continue;
    if (date >= end) {
      later ??= date;
      continue;
    }
    const last = days[days.length - 1];
    if (last?.date === date) last.slots.push(slot);
    else days.push({ date, slots: [slot] });
  }
  const back = plusDays(from, -daysShown, zone);
  return {
    timeZone: zone,
    from,
    days,
    ...(from > today ? { earlier: back < today ? today : back } : {}),
    ...(later ? { later } : {}),
  };
}
