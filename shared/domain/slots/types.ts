/** Public types of the slot engine. All instants are epoch milliseconds (UTC). */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Wall-clock interval on one local day, 24h "HH:MM"; end > start; end may be "24:00". */
export interface LocalInterval {
  start: string;
  end: string;
}

/** Weekly working hours, wall-clock in the therapist's IANA zone. */
export interface WeeklyHours {
  timeZone: string;
  weekly: Partial<Record<Weekday, LocalInterval[]>>;
}

/** Replaces the weekly intervals of one therapist-local date; `[]` closes the day. */
export interface DateOverride {
  /** YYYY-MM-DD in the therapist zone. */
  date: string;
  intervals: LocalInterval[];
}

/** A closed range of therapist-local dates, YYYY-MM-DD, both ends inclusive. */
export interface Break {
  start: string;
  end: string;
}

/**
 * What an existing booking or pending request occupies: its occupied range (cells.ts
 * occupiedRange: its own buffers included, rounded out to lock cells), epoch ms, half-open
 * [start, end). The engine does not add buffers to it again; an unaligned interval is rounded out
 * to whole cells. Busy time from the therapist's own calendars is passed the same way: the event
 * widened by the current buffers, as if it were a booking made now.
 */
export interface BusyInterval {
  start: number;
  end: number;
}

export interface SlotRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
  /** Max appointments per therapist-local day, counting busy intervals that start that day; null = no limit. */
  dailyLimit: number | null;
  /** Start grid in minutes, default 15; slots start on grid boundaries of therapist-local time (from local midnight). */
  gridMinutes?: number;
}

/** The window a client asks for, plus the current instant (time is an input). */
export interface SlotQuery {
  from: number;
  to: number;
  now: number;
}

/** A free slot, half-open [start, end), epoch ms. */
export interface Slot {
  start: number;
  end: number;
}
