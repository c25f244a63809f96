/** Choosing a time with an open invitation link, in the words the booking emails share. */
import { button, paragraph, type Block } from '../blocks.js';
import { formatDateTime } from '../format-time.js';

/** After a declined, expired or cancelled request: the same invitation, another time. */
export function anotherTime(
  lead: string,
  bookingUrl: string | undefined,
  invitationExpiresAt: string | undefined,
  timeZone: string,
): Block[] {
  if (!bookingUrl) return [];
  return [
    paragraph(lead),
    button('Choose another time', bookingUrl),
    ...(invitationExpiresAt
      ? [paragraph(`This link stays open until ${formatDateTime(invitationExpiresAt, timeZone)}.`)]
      : []),
  ];
}

/**
 * An invitation to book a regular session (session invitation, welcome back, return accepted).
 * `timeZone` is the therapist's: the client's is not known until they book, and the page shows
 * the times in the visitor's own zone.
 */
export function chooseSessionTime(d: {
  bookingUrl: string;
  invitationExpiresAt: string;
  durationMinutes: number;
  timeZone: string;
}): Block[] {
  return [
    paragraph(
      `You can choose a time that suits you here. Each appointment lasts ${d.durationMinutes} minutes, and the times are shown in your own time zone.`,
    ),
    button('Choose a time', d.bookingUrl),
    paragraph(`This link stays open until ${formatDateTime(d.invitationExpiresAt, d.timeZone)}.`),
  ];
}
