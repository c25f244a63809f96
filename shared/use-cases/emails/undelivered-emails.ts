/**
 * The emails that could not be sent, as the console names them: "the booking confirmation to Jo".
 * The mailer records them (store/undelivered.ts) when a message is refused for good; the therapist
 * sees them on the inbox page and can reach the person another way.
 */
import type { UndeliveredEmail } from '#shared/store/undelivered.js';
import type { UseCaseDeps } from '../deps.js';

/** The reason an email sent and then returned for good (a hard bounce) is recorded with. */
export { BOUNCED_REASON } from '#shared/store/index.js';

/** Each email by what it is, as a sentence names it ("the booking confirmation"). */
const emailWords: Record<string, string> = {
  'enquiry-received': 'the acknowledgement of their enquiry',
  'enquiry-new': 'the new enquiry notice',
  'enquiry-accepted': 'your reply accepting their enquiry',
  'enquiry-declined': 'your reply to their enquiry',
  'enquiry-nudge': 'the reminder about an enquiry',
  'enquiry-closed': 'the note closing their enquiry',
  'booking-requested': 'the acknowledgement of their booking request',
  'booking-request': 'the appointment request',
  'booking-request-nudge': 'the reminder about an appointment request',
  'booking-confirmed': 'the booking confirmation',
  'booking-confirmed-therapist': 'the booking confirmation',
  'booking-declined': 'your reply declining their booking request',
  'booking-expired': 'the note about their lapsed request',
  'booking-cancelled': 'the cancellation',
  'booking-cancelled-therapist': 'the cancellation',
  'booking-moved': 'the note about a moved appointment',
  'booking-moved-therapist': 'the note about a moved appointment',
  'booking-reminder': 'the appointment reminder',
  'consultation-not-proceeding': 'the note after the first consultation',
  'session-invitation': 'the invitation to book a session',
  'break-notice': 'the break notice',
  'break-notice-correction': 'the break correction',
  'welcome-back': 'the welcome back invitation',
  'return-request-received': 'the acknowledgement of their request to come back',
  'return-request-new': 'the request to come back',
  'return-accepted': 'your reply welcoming them back',
  'return-declined': 'your reply to their request to come back',
  'waiting-list-joined': 'the waiting list welcome',
  'waiting-list-new': 'the waiting list notice',
  'waiting-list-check-in': 'the waiting list check-in',
  'waiting-list-offer': 'the offer of a place',
  'waiting-list-offer-expired': 'the note about a lapsed offer',
  'waiting-list-closed': 'the note about leaving the waiting list',
  'waiting-list-place-free': 'the note about a free place',
};

export interface UndeliveredView extends UndeliveredEmail {
  /** What the email was, as a sentence names it: "the booking confirmation". */
  what: string;
}

export async function listUndeliveredEmails(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
): Promise<UndeliveredView[]> {
  return (await deps.store.undelivered.list(therapistId, now.getTime())).map((e) => ({
    ...e,
    what: emailWords[e.template] ?? 'an email',
  }));
}
