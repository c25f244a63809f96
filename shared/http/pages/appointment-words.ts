/** Sentences the book and manage pages share, worded as the booking emails word them (shared/email/templates). */
import { DateTime } from 'luxon';
import { meetingName } from '#shared/domain/vocabulary.js';
import { formatDateTime } from '#shared/email/format-time.js';
import type { AppointmentJoin } from '#shared/email/messages.js';
import { html, type SafeHtml } from '../html.js';

/** "first consultation" or "appointment", as the emails say it (shared/domain/vocabulary.ts). */
export const appointmentName = meetingName;

/** "Tuesday 4 March, 10:00 to 10:30 (New York time)": both ends, the zone named once. */
export function whenRange(start: string, end: string, zone: string): string {
  const full = formatDateTime(start, zone);
  const until = DateTime.fromISO(end, { zone }).toFormat('HH:mm');
  // formatDateTime ends "HH:mm (Zone time)": put the end time before the zone.
  return full.replace(/^(.*\d{2}:\d{2}) (\(.*\))$/, `$1 to ${until} $2`);
}

/** Only web links become links: a stored link is the therapist's input, and a page must never run it. */
const isWebLink = (link: string): boolean => /^https?:\/\//i.test(link);

/** How the client joins, as the confirmation email says it. */
export function howToJoin(join: AppointmentJoin, therapistName: string): SafeHtml {
  switch (join.kind) {
    case 'video':
      return join.link && isWebLink(join.link)
        ? html`<p>It is a video call. You can join it here when it is time: <a href="${join.link}">join the video call</a>.</p>`
        : html`<p>It is a video call. ${therapistName} will send you the link before it starts.</p>`;
    case 'phone':
      return html`<p>It is a phone call. ${therapistName} will call you at that time.</p>`;
    case 'in-person':
      return html`<p>It is in person, at ${join.address}.</p>`;
  }
}

/**
 * How the appointment happens, said on the booking page before a time is chosen (the emails say it
 * again once booked): video and how the link arrives, phone and which number, or in person and where.
 */
export function howWeMeet(join: AppointmentJoin, therapistName: string, requiresConfirmation: boolean): SafeHtml {
  switch (join.kind) {
    case 'video':
      return join.link
        ? html`<p>It is a video call. The link to join is in the email that ${requiresConfirmation ? 'confirms your time' : 'we send when you book'}.</p>`
        : html`<p>It is a video call. ${therapistName} will email you the link to join before it starts.</p>`;
    case 'phone':
      return html`<p>It is a phone call. ${therapistName} will call you at the time you choose, on the number you give below.</p>`;
    case 'in-person':
      return html`<p>It is in person, at ${join.address}.</p>`;
  }
}

/** The therapist's own line about fees, when they set one. */
export const feesLine = (fees: string | undefined): SafeHtml => (fees ? html`<p>Fees: ${fees}</p>` : html``);
