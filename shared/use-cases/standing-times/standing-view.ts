/** What the therapist sees of a standing time and its coming dates (the API's answer). */
import { formatSlot } from '#shared/domain/slots/format.js';
import type { StandingEvery, StandingTime, StandingTimeStatus } from '#shared/domain/standing-time.js';
import type { Weekday } from '#shared/domain/slots/types.js';
import { standingBookingId } from '#shared/store/index.js';
import type { ChoiceReason, PlannedDate } from './hold-dates.js';

export interface StandingDateView {
  date: string;
  /** In the therapist's zone, with offset. */
  start: string;
  end: string;
  status: 'held' | 'needs-choice';
  reason?: ChoiceReason;
  /** The booking that holds the date (held dates only). */
  bookingId?: string;
}

export interface StandingTimeView {
  standingTimeId: string;
  clientId: string;
  weekday: Weekday;
  time: string;
  lengthMinutes: number;
  every: StandingEvery;
  from: string;
  until?: string;
  count?: number;
  timeZone: string;
  status: StandingTimeStatus;
  skipped: string[];
  /** Dates starting before this are held or listed; later ones are held as the horizon moves on. */
  plannedUntil: string;
  createdAt: string;
  endedAt?: string;
  dates: StandingDateView[];
}

export function standingView(s: StandingTime, dates: readonly PlannedDate[]): StandingTimeView {
  return {
    standingTimeId: s.standingTimeId,
    clientId: s.clientId,
    weekday: s.weekday,
    time: s.time,
    lengthMinutes: s.lengthMinutes,
    every: s.every,
    from: s.from,
    ...(s.until !== undefined ? { until: s.until } : {}),
    ...(s.count !== undefined ? { count: s.count } : {}),
    timeZone: s.timeZone,
    status: s.status,
    skipped: [...s.skipped].sort(),
    plannedUntil: s.plannedUntil,
    createdAt: s.createdAt,
    ...(s.endedAt ? { endedAt: s.endedAt } : {}),
    dates: dates.map((d) => {
      const shown = formatSlot({ start: d.start, end: d.end }, s.timeZone);
      return {
        date: d.date,
        start: shown.start,
        end: shown.end,
        status: d.status,
        ...(d.reason ? { reason: d.reason } : {}),
        ...(d.status === 'held' ? { bookingId: standingBookingId(s.standingTimeId, d.date) } : {}),
      };
    }),
  };
}
