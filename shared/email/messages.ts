/**
 * The outbox message catalogue: every email Threshold sends, by template, with the data its
 * template needs. Use cases write these into the outbox in the same transaction as the state change;
 * the mailer renders and sends them. Data holds only what the message shows (never the client's
 * free-text message) plus instants as ISO strings with the reader's IANA zone, so the mailer can name
 * the zone. Links carry raw single-use tokens; the mailer drops the data once the email is sent.
 */
export interface Recipient {
  email: string;
  /** The name to greet and to address the email to (preferred name for clients). */
  name: string;
}

export interface EnquiryReceived {
  template: 'enquiry-received';
  data: { clientName: string; therapistName: string; replyBy: string; timeZone: string };
}
export interface EnquiryNew {
  template: 'enquiry-new';
  data: {
    therapistName: string;
    clientName: string;
    receivedAt: string;
    timeZone: string;
    preferredContact: 'email' | 'phone';
    hasMessage: boolean;
    hasTimePreferences: boolean;
    acceptUrl: string;
    declineUrl: string;
    /** Where the therapist reads the full enquiry behind sign-in. */
    enquiryUrl: string;
  };
}
export interface EnquiryAccepted {
  template: 'enquiry-accepted';
  /** bookingUrl: the consultation invitation link (the consultations capability fills it in). */
  data: { clientName: string; therapistName: string; note?: string; bookingUrl?: string; invitationExpiresAt?: string; timeZone: string };
}
export interface EnquiryDeclined {
  template: 'enquiry-declined';
  data: { clientName: string; therapistName: string; note?: string };
}
export interface EnquiryNudge {
  template: 'enquiry-nudge';
  data: { therapistName: string; clientName: string; receivedAt: string; timeZone: string; acceptUrl: string; declineUrl: string; enquiryUrl: string; expiresAt: string };
}
export interface EnquiryClosed {
  template: 'enquiry-closed';
  data: { clientName: string; therapistName: string };
}

export type OutboxMessageBody = EnquiryReceived | EnquiryNew | EnquiryAccepted | EnquiryDeclined | EnquiryNudge | EnquiryClosed;
export type TemplateName = OutboxMessageBody['template'];

export type OutboxMessage = OutboxMessageBody & {
  /** Stable id: the outbox item key and the SES idempotency reference. */
  id: string;
  therapistId: string;
  to: Recipient;
  /** Who the email speaks for (the From display name): always the therapist, never "the system". */
  fromName: string;
};
