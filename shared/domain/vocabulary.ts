/**
 * The product's names for the things a client meets, said one way everywhere: in every email, page,
 * calendar entry and console screen. A nervous first-time client who reads "first appointment" in
 * one place and "initial consultation" in another wonders whether these are two meetings.
 * test/unit/email/vocabulary.test.ts reads every template and page string for another name.
 */

/** The first meeting of a therapist and a new client. */
export const firstConsultation = 'first consultation';

export type MeetingKind = 'consultation' | 'session';

/** "first consultation" or "appointment" (a regular session, in the client's word). */
export const meetingName = (kind: MeetingKind): string => (kind === 'consultation' ? firstConsultation : 'appointment');

/** With its article: "a first consultation", "an appointment". */
export const aMeeting = (kind: MeetingKind): string =>
  kind === 'consultation' ? `a ${firstConsultation}` : 'an appointment';

/** At the start of a sentence or a heading: "First consultation", "Appointment". */
export const MeetingName = (kind: MeetingKind): string => {
  const name = meetingName(kind);
  return name.charAt(0).toUpperCase() + name.slice(1);
};

/** What the first consultation is for, as the emails and the booking page say it. */
export const firstConsultationPurpose = `${aMeeting('consultation')}, so you can both see if working together feels right`;

/** Names for the first consultation that are not the product's: the vocabulary test refuses them. */
export const otherNamesForTheFirstConsultation =
  /\b(initial consultation|first appointment|first conversation|first session|first meeting|intro(ductory)? call)\b/i;
