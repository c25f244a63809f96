/**
 * Booking rules that depend on time and on the therapist's settings: the range a booking occupies,
 * when a request is nudged and released, when reminders go out, and whether the client may still
 * cancel or move it themselves. Pure: `now` is an input.
 */
import type { Booking } from './booking.js';
import type { PracticeSettings } from './practice-settings.js';
import { lockCells } from './slots/cells.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface Occupied {
  occupiedStart: number;
  occupiedEnd: number;
  /** Epoch-ms starts of the 15-minute lock cells, ascending: one lock item each. */
  cells: number[];
}

/** The cell-aligned range an appointment with its buffers occupies: exactly its lock cells. */
export function occupiedRange(
  startMs: number,
  endMs: number,
  buffers: Pick<PracticeSettings, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): Occupied {
  const cells = lockCells(startMs, endMs, buffers.bufferBeforeMinutes, buffers.bufferAfterMinutes);
  return { occupiedStart: cells[0]!, occupiedEnd: cells[cells.length - 1]! + 15 * MINUTE_MS, cells };
}

/** The cells of a booking as stored. */
export function cellsOf(booking: Pick<Booking, 'occupiedStart' | 'occupiedEnd'>): number[] {
  const cells: number[] = [];
  for (let c = booking.occupiedStart; c < booking.occupiedEnd; c += 15 * MINUTE_MS) cells.push(c);
  return cells;
}

/** Which cells a move takes, frees and keeps. A cell in both sets is kept: never put and deleted at once. */
export function cellChanges(
  from: readonly number[],
  to: readonly number[],
): { take: number[]; free: number[]; keep: number[] } {
  const before = new Set(from);
  const after = new Set(to);
  return {
    take: to.filter((c) => !before.has(c)),
    free: from.filter((c) => !after.has(c)),
    keep: to.filter((c) => before.has(c)),
  };
}

export interface RequestTimes {
  /** When the therapist is reminded once, or undefined when the wait is too short to be worth one. */
  nudgeAt?: Date;
  /** When an unanswered request is released: after requestExpiryHours, and well before its start (requestReplyMarginMs). */
  expiresAt: Date;
}

/** Below this, a nudge would arrive on the heels of the request itself. */
const minimumNudgeDelayMs = HOUR_MS;

/**
 * How long before the start an unanswered request is released at the latest. A reply due on the
 * morning of the appointment leaves the client unsure until the last moment; released the evening
 * before, they still have time to choose another. A request made closer than twice this gets half
 * of the time that is left instead.
 */
export const requestReplyMarginMs = 12 * HOUR_MS;

export function requestTimes(
  requestedAt: Date,
  startMs: number,
  settings: Pick<PracticeSettings, 'requestExpiryHours'>,
): RequestTimes {
  const left = Math.max(0, startMs - requestedAt.getTime());
  const margin = Math.min(requestReplyMarginMs, Math.floor(left / 2));
  const expiresMs = Math.min(requestedAt.getTime() + settings.requestExpiryHours * HOUR_MS, startMs - margin);
  const nudgeMs = requestedAt.getTime() + Math.floor((expiresMs - requestedAt.getTime()) / 2);
  return {
    expiresAt: new Date(expiresMs),
    ...(nudgeMs - requestedAt.getTime() >= minimumNudgeDelayMs ? { nudgeAt: new Date(nudgeMs) } : {}),
  };
}

export interface ReminderTime {
  offsetMinutes: number;
  dueAt: Date;
}

/** One reminder per offset, before the start; one whose time has already passed is not made. */
export function reminderTimes(startMs: number, offsetsMinutes: readonly number[], now: Date): ReminderTime[] {
  return offsetsMinutes
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(startMs - offsetMinutes * MINUTE_MS) }))
    .filter((r) => r.dueAt.getTime() > now.getTime())
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * Whether a time starting at `startMs` is already inside the cancellation notice window at `atMs`:
 * once confirmed, the client could not cancel or move it online. The booking page marks such times
 * before one is chosen, and the emails and the manage page word what is true for them.
 */
export const insideNoticeWindow = (
  startMs: number,
  settings: Pick<PracticeSettings, 'cancellationNoticeHours'>,
  atMs: number,
): boolean => settings.cancellationNoticeHours > 0 && atMs >= startMs - settings.cancellationNoticeHours * HOUR_MS;

/** `booked-inside-window`: chosen already inside the window, so it was never changeable online ("now closer" would be untrue). */
export type ChangeRefusal = 'inside-window' | 'booked-inside-window' | 'started' | 'closed';

export interface ClientChangePolicy {
  canCancel: boolean;
  canReschedule: boolean;
  refusal?: ChangeRefusal;
  /** Until when the client can change a confirmed booking themselves. */
  changeableUntil: Date;
}

/**
 * What the client may do from their manage link. A request can be withdrawn or moved until it
 * starts (the therapist has not committed to it yet); a confirmed booking until the cancellation
 * notice window begins. Inside the window the client is pointed to the therapist instead.
 */
export function clientChangePolicy(
  booking: Pick<Booking, 'status' | 'start'> & Partial<Pick<Booking, 'requestedAt'>>,
  settings: Pick<PracticeSettings, 'cancellationNoticeHours'>,
  now: Date,
): ClientChangePolicy {
  const startMs = Date.parse(booking.start);
  const changeableUntil = new Date(startMs - settings.cancellationNoticeHours * HOUR_MS);
  const refuse = (refusal: ChangeRefusal): ClientChangePolicy => ({
    canCancel: false,
    canReschedule: false,
    refusal,
    changeableUntil,
  });
  if (booking.status !== 'requested' && booking.status !== 'confirmed') return refuse('closed');
  if (now.getTime() >= startMs) return refuse('started');
  if (booking.status === 'confirmed' && now.getTime() >= changeableUntil.getTime())
    return refuse(
      booking.requestedAt !== undefined && insideNoticeWindow(startMs, settings, Date.parse(booking.requestedAt))
        ? 'booked-inside-window'
        : 'inside-window',
    );
  return { canCancel: true, canReschedule: true, changeableUntil };
}

const hours = (n: number): string => (n === 1 ? '1 hour' : `${n} hours`);

/**
 * Why the client cannot change the booking online, said kindly and with what to do instead. Never
 * blames: the window is the therapist's way of working, not something the reader did wrong.
 */
export function policyText(
  refusal: ChangeRefusal,
  therapist: { displayName: string; shortName: string; email: string },
  settings: Pick<PracticeSettings, 'cancellationNoticeHours'>,
): string {
  const reach = `please get in touch with ${therapist.shortName} directly at ${therapist.email}. ${therapist.shortName} will be glad to hear from you.`;
  switch (refusal) {
    case 'inside-window':
      return `${therapist.displayName} asks for ${hours(settings.cancellationNoticeHours)}' notice to cancel or move an appointment online, and this appointment is now closer than that. To cancel or move it, ${reach}`;
    case 'booked-inside-window':
      return `${therapist.displayName} asks for ${hours(settings.cancellationNoticeHours)}' notice to cancel or move an appointment online. This one was booked less than ${hours(settings.cancellationNoticeHours)} before it starts, so it cannot be changed here. To cancel or move it, ${reach}`;
    case 'started':
      return `This appointment has already started or taken place, so it can no longer be changed online. If you would like to talk about it, ${reach}`;
    case 'closed':
      return `This appointment is no longer booked, so there is nothing to change. If you would like to arrange another time, ${reach}`;
  }
}

/** "Sam Rivera" → "Sam": reminders use first names only (docs/voice-and-privacy.md). */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name.trim();
