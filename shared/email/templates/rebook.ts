/** Choosing another time with the invitation that is still open, in the words the booking emails share. */
import { button, paragraph, type Block } from '../blocks.js';
import { formatDateTime } from '../format-time.js';

export function anotherTime(lead: string, bookingUrl: string | undefined, invitationExpiresAt: string | undefined, timeZone: string): Block[] {
  if (!bookingUrl) return [];
  return [
    paragraph(lead),
    button('Choose another time', bookingUrl),
    ...(invitationExpiresAt ? [paragraph(`This link stays open until ${formatDateTime(invitationExpiresAt, timeZone)}.`)] : []),
  ];
}
