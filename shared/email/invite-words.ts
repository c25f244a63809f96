/**
 * What a booking's calendar entry says: its title, where it happens and how to join. Both the use
 * case that writes a booking email (booking-emails.ts) and the mailer that puts a stored invite
 * back together (stored-invite.ts) say it through these, so the outbox need not keep the words:
 * they follow from the names, how the appointment happens and whether it is cancelled.
 */
import type { AppointmentJoin, CalendarEvent } from './messages.js';

/** Neutral on purpose: calendars show on lock screens and get shared ("Appointment with Sam Rivera"). */
export const inviteSummary = (other: string): string => `Appointment with ${other}`;

/** `other` is the person the reader will meet. */
export function inviteWhere(
  join: AppointmentJoin,
  other: string,
  method: CalendarEvent['method'],
): { location?: string; description: string } {
  // A cancelled entry says only that: "the link will follow" would promise something that will not come.
  const cancelled = method === 'CANCEL' ? `Cancelled. This appointment with ${other} will not take place.` : undefined;
  switch (join.kind) {
    case 'video':
      return join.link
        ? { location: join.link, description: cancelled ?? `Video call with ${other}. Join here: ${join.link}` }
        : {
            location: 'Video call',
            description: cancelled ?? `Video call with ${other}. The link will follow by email before the appointment.`,
          };
    case 'phone':
      return { location: 'Phone call', description: cancelled ?? `Phone call with ${other}.` };
    case 'in-person':
      return { location: join.address, description: cancelled ?? `In person with ${other} at ${join.address}.` };
  }
}
