/** The waiting-list emails as outbox messages, from the entry and the therapist. */
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { StoredWaitingEntry } from '#shared/store/waiting-list.js';
import type { UseCaseDeps } from '../deps.js';
import { waitingListUrl } from './links.js';

type Therapist = Pick<TherapistProfile, 'therapistId' | 'displayName' | 'email' | 'timeZone'>;
type Person = Pick<StoredWaitingEntry, 'name' | 'email'>;

const toPerson = (therapist: Therapist, entry: Person, now: Date) => ({
  id: newId(now),
  therapistId: therapist.therapistId,
  fromName: therapist.displayName,
  to: { email: entry.email, name: entry.name },
});

const toTherapist = (therapist: Therapist, now: Date) => ({
  id: newId(now),
  therapistId: therapist.therapistId,
  fromName: therapist.displayName,
  to: { email: therapist.email, name: therapist.displayName },
});

export const closedEmail = (
  therapist: Therapist,
  entry: Person,
  reason: 'left' | 'removed' | 'no-reply',
  now: Date,
  note?: string,
): OutboxMessage => ({
  ...toPerson(therapist, entry, now),
  template: 'waiting-list-closed',
  data: { clientName: entry.name, therapistName: therapist.displayName, reason, ...(note ? { note } : {}) },
});

export const placeFreeEmail = (
  deps: UseCaseDeps,
  therapist: Therapist,
  entry: Person,
  reason: 'offer-expired' | 'left',
  offeredAt: string,
  now: Date,
): OutboxMessage => ({
  ...toTherapist(therapist, now),
  template: 'waiting-list-place-free',
  data: {
    therapistName: therapist.displayName,
    clientName: entry.name,
    reason,
    offeredAt,
    timeZone: therapist.timeZone,
    waitingListUrl: waitingListUrl(deps.config.settings),
  },
});

export const offerExpiredEmail = (
  therapist: Therapist,
  entry: Person,
  offeredAt: string,
  leaveUrl: string,
  now: Date,
): OutboxMessage => ({
  ...toPerson(therapist, entry, now),
  template: 'waiting-list-offer-expired',
  data: {
    clientName: entry.name,
    therapistName: therapist.displayName,
    offeredAt,
    timeZone: therapist.timeZone,
    leaveUrl,
  },
});

export interface CheckInEmail {
  joinedAt: string;
  standing: 'next' | 'near' | 'further';
  nextAt: string;
  closesThen: boolean;
  stayUrl: string;
  leaveUrl: string;
}

export const checkInEmail = (therapist: Therapist, entry: Person, d: CheckInEmail, now: Date): OutboxMessage => ({
  ...toPerson(therapist, entry, now),
  template: 'waiting-list-check-in',
  data: { clientName: entry.name, therapistName: therapist.displayName, timeZone: therapist.timeZone, ...d },
});

export interface OfferEmail {
  note?: string;
  bookingUrl: string;
  invitationExpiresAt: string;
  durationMinutes: number;
  leaveUrl: string;
}

export const offerEmail = (therapist: Therapist, entry: Person, d: OfferEmail, now: Date): OutboxMessage => ({
  ...toPerson(therapist, entry, now),
  template: 'waiting-list-offer',
  data: { clientName: entry.name, therapistName: therapist.displayName, timeZone: therapist.timeZone, ...d },
});
