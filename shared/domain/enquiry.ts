/**
 * The enquiry state machine. An enquiry starts `received`; the therapist accepts or declines it, or
 * it expires when nobody replied. Once it has moved on it never moves again (`withdrawn` is
 * declared for the day a client can take an enquiry back). Transitions are pure: they take the
 * enquiry and `now` and return the next state, or throw StateConflict with a message the caller can show as it is.
 */
import { StateConflict } from './errors.js';

export const enquiryStatuses = ['received', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type EnquiryStatus = (typeof enquiryStatuses)[number];
export type PreferredContact = 'email' | 'phone';

/** What a person gives at first contact, kept alike on an enquiry and on a waiting-list entry. */
export interface FirstContactDetails {
  /** Preferred name: how the client wants to be addressed. */
  name: string;
  /** Normalised (trimmed, lower case). */
  email: string;
  phone?: string;
  preferredContact: PreferredContact;
  /** Free text: personal health data. Only on its own item, only shown to its therapist. */
  message?: string;
  timePreferences?: string;
  consent: { version: string; at: string };
}

export interface Enquiry extends FirstContactDetails {
  enquiryId: string;
  therapistId: string;
  status: EnquiryStatus;
  receivedAt: string;
  nudgedAt?: string;
  /** When the therapist replied or the enquiry expired. */
  closedAt?: string;
  /** The therapist's note to the client, kept so the inbox shows what was said. */
  note?: string;
}

export type EnquiryAction = 'accept' | 'decline' | 'expire';

const targets: Record<EnquiryAction, EnquiryStatus> = { accept: 'accepted', decline: 'declined', expire: 'expired' };

/** Why an action no longer applies, in words a therapist understands. */
const movedOn: Record<EnquiryStatus, string> = {
  received: 'This enquiry is still waiting for a reply.',
  accepted: 'This enquiry was already accepted, so nothing more was done.',
  declined: 'This enquiry was already declined, so nothing more was done.',
  expired:
    'This enquiry closed because it had no reply in time; the client has been told kindly. Nothing more was done.',
  withdrawn: 'The client withdrew this enquiry, so nothing more was done.',
};

export function canAct(enquiry: Pick<Enquiry, 'status'>): boolean {
  return enquiry.status === 'received';
}

/** The status after `action`, or StateConflict when the enquiry has already moved on. */
export function nextStatus(enquiry: Pick<Enquiry, 'status'>, action: EnquiryAction): EnquiryStatus {
  if (!canAct(enquiry)) throw new StateConflict(movedOn[enquiry.status], { enquiryStatus: enquiry.status });
  return targets[action];
}

export function acceptEnquiry(enquiry: Enquiry, now: Date, note?: string): Enquiry {
  return { ...enquiry, status: nextStatus(enquiry, 'accept'), closedAt: now.toISOString(), ...(note ? { note } : {}) };
}

export function declineEnquiry(enquiry: Enquiry, now: Date, note?: string): Enquiry {
  return { ...enquiry, status: nextStatus(enquiry, 'decline'), closedAt: now.toISOString(), ...(note ? { note } : {}) };
}

export function expireEnquiry(enquiry: Enquiry, now: Date): Enquiry {
  return { ...enquiry, status: nextStatus(enquiry, 'expire'), closedAt: now.toISOString() };
}
