/**
 * The waiting list: where first contact goes while a therapist is full, so nobody waits in silence.
 *
 *   waiting ──offer──► offered ──invitation booked (or a request made) by the time it ends──► placed
 *     ▲                   │
 *     └── not taken up ───┘   (the person keeps their place; the therapist is told)
 *   waiting | offered ──leave (the person, from a link)──► left
 *   waiting | offered ──remove (the therapist, note optional)──► removed
 *   waiting ──no answer to two check-ins in a row──► lapsed
 *
 * Every change raises `version`; each write is conditional on the version it read, so two changes
 * racing (two offers, an offer and a leave) give one outcome. Pure: functions take `now`.
 */
import type { FirstContact } from './first-contact.js';
import type { FirstContactDetails, PreferredContact } from './enquiry.js';
import { StateConflict } from './errors.js';

export const waitingStatuses = ['waiting', 'offered', 'placed', 'left', 'removed', 'lapsed'] as const;
export type WaitingStatus = (typeof waitingStatuses)[number];
export type ClosedWaitingStatus = Exclude<WaitingStatus, 'waiting' | 'offered'>;

/** Still on the list: waiting for a place, or with a place offered. */
export const onTheList = (entry: Pick<WaitingEntry, 'status'>): boolean =>
  entry.status === 'waiting' || entry.status === 'offered';

export interface CheckIns {
  /** Check-ins sent so far. */
  sent: number;
  /** Check-ins in a row without an answer; an answer ("stay") sets it back to 0. */
  unanswered: number;
  lastSentAt?: string;
  lastAnsweredAt?: string;
  /** The pending check-in timer and when it is due; absent while an offer is out and once closed. */
  timerId?: string;
  nextAt?: string;
}

export interface WaitingOffer {
  invitationId: string;
  offeredAt: string;
  /** When the invitation's link stops booking. */
  expiresAt: string;
  /** The pending timer that settles the offer when its invitation ends. */
  timerId: string;
  note?: string;
}

export interface WaitingEntry extends FirstContactDetails {
  /** A ULID of the moment the person joined: its order is the list's order. */
  entryId: string;
  therapistId: string;
  status: WaitingStatus;
  joinedAt: string;
  checkIns: CheckIns;
  offer?: WaitingOffer;
  /** Offers that ran out without being taken up; the person kept their place each time. */
  offersExpired: number;
  lastOfferExpiredAt?: string;
  closedAt?: string;
  /** The therapist's note when they removed the entry, kept so the list shows what was said. */
  note?: string;
  version: number;
}

/** No answer to this many check-ins in a row closes the entry kindly (at the time the next would go). */
export const unansweredCheckInsBeforeClosing = 2;

/**
 * Stay and leave links last a year: a person may leave at any time, and every check-in brings fresh
 * links, so one from an old email still works for as long as anyone plausibly waits.
 */
export const waitingLinkDays = 365;

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

export const checkInDueAt = (from: Date, weeks: number): Date => new Date(from.getTime() + weeks * WEEK_MS);
export const waitingLinkExpiresAt = (now: Date): Date => new Date(now.getTime() + waitingLinkDays * DAY_MS);
/** Whole days since the person joined. */
export const waitedDays = (entry: Pick<WaitingEntry, 'joinedAt'>, now: Date): number =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(entry.joinedAt)) / DAY_MS));

/** Timer ids carry the entry version that armed them, so a re-armed timer never shares a key with a fired one. */
export const checkInTimerId = (entryId: string, version: number): string => `waiting-check-in#${entryId}#${version}`;
export const offerTimerId = (entryId: string, version: number): string => `waiting-offer-expiry#${entryId}#${version}`;

/** Roughly where things stand, in words that promise nothing: how many people are ahead is not told exactly. */
export type Standing = 'next' | 'near' | 'further';
export const standingOf = (ahead: number): Standing => (ahead === 0 ? 'next' : ahead <= 3 ? 'near' : 'further');

export interface Joining extends FirstContact {
  entryId: string;
  therapistId: string;
  now: Date;
  checkInWeeks: number;
}

export function joinWaitingList(input: Joining): WaitingEntry {
  const version = 1;
  const nextAt = checkInDueAt(input.now, input.checkInWeeks);
  return {
    entryId: input.entryId,
    therapistId: input.therapistId,
    status: 'waiting',
    name: input.name,
    email: input.email,
    ...(input.phone ? { phone: input.phone } : {}),
    preferredContact: input.preferredContact,
    ...(input.message ? { message: input.message } : {}),
    ...(input.timePreferences ? { timePreferences: input.timePreferences } : {}),
    consent: { version: input.consentVersion, at: input.now.toISOString() },
    joinedAt: input.now.toISOString(),
    checkIns: { sent: 0, unanswered: 0, timerId: checkInTimerId(input.entryId, version), nextAt: nextAt.toISOString() },
    offersExpired: 0,
    version,
  };
}

/** Why a change no longer applies, in words a therapist can act on. */
const movedOn: Record<WaitingStatus, (name: string) => string> = {
  waiting: (name) => `${name} is waiting on your list.`,
  offered: (name) => `You have already offered ${name} a place. They have until the invitation ends to choose a time.`,
  placed: (name) => `${name} took up the place you offered, so they are no longer on your waiting list.`,
  left: (name) => `${name} has left your waiting list.`,
  removed: (name) => `${name} was already taken off your waiting list.`,
  lapsed: (name) => `${name} was taken off your waiting list after two check-ins went unanswered.`,
};

export class WaitingEntryMovedOn extends StateConflict {
  constructor(entry: Pick<WaitingEntry, 'status' | 'name'>) {
    super(`${movedOn[entry.status](entry.name)} Nothing more was done.`, { entryStatus: entry.status });
  }
}

const next = (entry: WaitingEntry, change: Partial<WaitingEntry>): WaitingEntry => ({
  ...entry,
  ...change,
  version: entry.version + 1,
});

/** Offering a place: only to someone waiting. Check-ins stop while the offer is out. */
export function offerPlace(
  entry: WaitingEntry,
  offer: Omit<WaitingOffer, 'timerId' | 'offeredAt'>,
  now: Date,
): WaitingEntry {
  if (entry.status !== 'waiting') throw new WaitingEntryMovedOn(entry);
  const { timerId: _t, nextAt: _n, ...checkIns } = entry.checkIns;
  return next(entry, {
    status: 'offered',
    checkIns,
    offer: { ...offer, offeredAt: now.toISOString(), timerId: offerTimerId(entry.entryId, entry.version + 1) },
  });
}

/** The offer's invitation ended unused: the person keeps their place and check-ins start again. */
export function offerNotTakenUp(entry: WaitingEntry, now: Date, checkInWeeks: number): WaitingEntry {
  if (entry.status !== 'offered') throw new WaitingEntryMovedOn(entry);
  const { offer: _o, ...rest } = entry;
  return next(rest, {
    status: 'waiting',
    offersExpired: entry.offersExpired + 1,
    lastOfferExpiredAt: now.toISOString(),
    checkIns: {
      ...entry.checkIns,
      timerId: checkInTimerId(entry.entryId, entry.version + 1),
      nextAt: checkInDueAt(now, checkInWeeks).toISOString(),
    },
  });
}

/** A booking request is waiting for the therapist when the invitation ends: look again at `at`. */
export function recheckOffer(entry: WaitingEntry): WaitingEntry {
  if (entry.status !== 'offered' || !entry.offer) throw new WaitingEntryMovedOn(entry);
  return next(entry, { offer: { ...entry.offer, timerId: offerTimerId(entry.entryId, entry.version + 1) } });
}

/** A check-in goes out; the next is armed `checkInWeeks` after this one was due (no drift from a late sweep). */
export function checkInSent(entry: WaitingEntry, now: Date, dueAt: Date, checkInWeeks: number): WaitingEntry {
  if (entry.status !== 'waiting') throw new WaitingEntryMovedOn(entry);
  const nextAt = checkInDueAt(dueAt, checkInWeeks);
  return next(entry, {
    checkIns: {
      ...entry.checkIns,
      sent: entry.checkIns.sent + 1,
      unanswered: entry.checkIns.unanswered + 1,
      lastSentAt: now.toISOString(),
      timerId: checkInTimerId(entry.entryId, entry.version + 1),
      nextAt: (nextAt.getTime() > now.getTime() ? nextAt : checkInDueAt(now, checkInWeeks)).toISOString(),
    },
  });
}

/** Should the check-in due now close the entry instead (two unanswered in a row already)? */
export const closesInsteadOfCheckingIn = (entry: Pick<WaitingEntry, 'checkIns'>): boolean =>
  entry.checkIns.unanswered >= unansweredCheckInsBeforeClosing;

/** The person said they want to stay: the count of unanswered check-ins starts again. */
export function stayOnList(entry: WaitingEntry, now: Date): WaitingEntry {
  if (!onTheList(entry)) throw new WaitingEntryMovedOn(entry);
  return next(entry, { checkIns: { ...entry.checkIns, unanswered: 0, lastAnsweredAt: now.toISOString() } });
}

/** Off the list, for good: pending timers are the caller's to delete (they are named on the entry read). */
export function closeEntry(entry: WaitingEntry, status: ClosedWaitingStatus, now: Date, note?: string): WaitingEntry {
  if (!onTheList(entry)) throw new WaitingEntryMovedOn(entry);
  if (status === 'lapsed' && entry.status !== 'waiting') throw new WaitingEntryMovedOn(entry);
  if (status === 'placed' && entry.status !== 'offered') throw new WaitingEntryMovedOn(entry);
  const { timerId: _t, nextAt: _n, ...checkIns } = entry.checkIns;
  return next(entry, { status, checkIns, closedAt: now.toISOString(), ...(note ? { note } : {}) });
}
