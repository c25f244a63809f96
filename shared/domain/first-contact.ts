/**
 * What a person sends when they first write to a therapist, declared once: the enquiry form and API,
 * the waiting list they may join instead, and (in part) a former client's request to come back. As
 * kept on an enquiry or a waiting-list entry, it is `FirstContactDetails` (enquiry.ts).
 */
import type { FirstContactDetails } from './enquiry.js';

/** The details as they arrive: the consent is the notice version agreed to; the store adds when. */
export type FirstContact = Omit<FirstContactDetails, 'consent'> & { consentVersion: string };

interface Honeypot {
  /** Honeypot: people never see it, so anything in it came from a bot. */
  website?: string;
}

/** First contact as it arrives, from the API or the contact page. */
export type EnquirySubmission = FirstContact & Honeypot;

/** Asking to come back after a break: who, their consent and an optional message. */
export type ReturnSubmission = Pick<FirstContact, 'name' | 'email' | 'message' | 'consentVersion'> & Honeypot;
