/**
 * The pages a therapist sees after clicking Accept or Decline in an email: a confirmation page with a
 * form (the GET never acts) and a result page. Every value is escaped by `html`.
 */
import { DateTime } from 'luxon';
import { aMeeting, firstConsultation } from '#shared/domain/vocabulary.js';
import { html, page } from '#shared/http/html.js';
import type { BookingActionDescription, BookingActionPerformed } from '#shared/use-cases/bookings/one-click.js';
import type {
  ActionDescription,
  EnquiryActionDescription,
  EnquiryActionPerformed,
  PerformedAction,
} from '#shared/use-cases/enquiries/one-click-action.js';
import { limits } from '#shared/use-cases/enquiries/first-contact-schemas.js';

/** "Europe/London" → "London time": the zone named the way people say it. */
export const zoneLabel = (timeZone: string): string =>
  `${(timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ')} time`;

/** "Tuesday 4 March, 10:00 (London time)". */
export function formatInZone(instant: string, timeZone: string): string {
  const at = DateTime.fromISO(instant, { zone: timeZone }).setLocale('en-GB');
  return `${at.toFormat('cccc d LLLL, HH:mm')} (${zoneLabel(timeZone)})`;
}

const verbs = {
  accept: { title: 'Accept', button: 'Accept enquiry' },
  decline: { title: 'Decline', button: 'Decline enquiry' },
} as const;

const bookingActions: readonly string[] = ['confirm-booking', 'decline-booking'];
const isBookingDescription = (d: ActionDescription): d is BookingActionDescription => bookingActions.includes(d.action);
const isBookingResult = (r: PerformedAction): r is BookingActionPerformed => bookingActions.includes(r.action);

export function confirmActionPage(d: ActionDescription): string {
  return isBookingDescription(d) ? confirmBookingActionPage(d) : confirmEnquiryActionPage(d);
}

export function actionDonePage(r: PerformedAction): string {
  return isBookingResult(r) ? bookingActionDonePage(r) : enquiryActionDonePage(r);
}

function confirmEnquiryActionPage(d: EnquiryActionDescription): string {
  const { title, button } = verbs[d.action];
  const name = d.enquiry.name;
  const received = formatInZone(d.enquiry.receivedAt, d.therapist.timeZone);
  const next =
    d.action === 'accept'
      ? html`<p>${name} will get an email from you inviting them to choose a time for ${aMeeting('consultation')}.</p>`
      : html`<p>${name} will get a kind reply from you, with details of other places to find support.</p>`;
  return page(
    `${title} the enquiry from ${name}?`,
    html`<h1>${title} the enquiry from ${name}, received ${received}?</h1>
${next}
<form method="post">
<label for="note">A note to ${name} (optional)</label>
<textarea id="note" name="note" rows="5" maxlength="${limits.note}" aria-describedby="note-hint"></textarea>
<p id="note-hint" class="muted">We include your note in the email. Nothing happens until you press the button.</p>
<button type="submit">${button}</button>
</form>`,
  );
}

function enquiryActionDonePage(r: EnquiryActionPerformed): string {
  const name = r.clientName;
  const body =
    r.action === 'accept'
      ? html`<h1>You accepted the enquiry from ${name}</h1><p>We have emailed ${name} to let them know. You can close this page.</p>`
      : html`<h1>You declined the enquiry from ${name}</h1><p>We have sent ${name} a kind reply with details of other support. You can close this page.</p>`;
  return page(r.action === 'accept' ? 'Enquiry accepted' : 'Enquiry declined', body);
}

function confirmBookingActionPage(d: BookingActionDescription): string {
  const name = d.booking.clientName;
  const when = formatInZone(d.booking.start, d.therapist.timeZone);
  const what = d.booking.kind === 'consultation' ? firstConsultation : 'session';
  const confirming = d.action === 'confirm-booking';
  const title = confirming ? `Confirm the ${what} with ${name}?` : `Decline the ${what} request from ${name}?`;
  const next = confirming
    ? html`<p>${name} will get an email from you confirming the time, with a calendar invitation.</p>`
    : html`<p>${name} will get a kind email from you, with a link to choose another time.</p>`;
  const note = confirming
    ? html``
    : html`<label for="note">A note to ${name} (optional)</label>
<textarea id="note" name="note" rows="5" maxlength="${limits.note}" aria-describedby="note-hint"></textarea>
<p id="note-hint" class="muted">We include your note in the email.</p>`;
  return page(
    title,
    html`<h1>${confirming ? 'Confirm' : 'Decline'} the ${what} with ${name} on ${when}?</h1>
${next}
<form method="post">
${note}
<p class="muted">Nothing happens until you press the button.</p>
<button type="submit">${confirming ? 'Confirm booking' : 'Decline request'}</button>
</form>`,
  );
}

function bookingActionDonePage(r: BookingActionPerformed): string {
  const name = r.clientName;
  return r.action === 'confirm-booking'
    ? page(
        'Booking confirmed',
        html`<h1>You confirmed the booking with ${name}</h1><p>We have emailed ${name} the details and a calendar invitation. You can close this page.</p>`,
      )
    : page(
        'Request declined',
        html`<h1>You declined the request from ${name}</h1><p>We have let ${name} know kindly, with a link to choose another time. You can close this page.</p>`,
      );
}

/**
 * A one-click link used after the same request was answered another way (in the console, or from
 * the other button): said as a done thing, in plain words, never as an error headed "Conflict".
 */
const bookingAlready: Record<string, { heading: string; detail: string }> = {
  confirmed: {
    heading: 'This booking is already confirmed.',
    detail: 'Nothing more to do. The client has the details and a calendar invitation.',
  },
  declined: {
    heading: 'This booking request is already declined.',
    detail: 'Nothing more to do. The client has been told kindly.',
  },
  cancelled: { heading: 'This booking has been cancelled.', detail: 'Nothing more to do. The time is free again.' },
  expired: {
    heading: 'This request was released.',
    detail: 'It had no reply in time, so the time is free again and the client was told kindly. Nothing more to do.',
  },
};
const enquiryAlready: Record<string, { heading: string; detail: string }> = {
  accepted: {
    heading: 'This enquiry is already accepted.',
    detail: 'Nothing more to do. The client has your invitation to choose a time.',
  },
  declined: {
    heading: 'This enquiry is already declined.',
    detail: 'Nothing more to do. The client has had a kind reply.',
  },
  expired: {
    heading: 'This enquiry has closed.',
    detail: 'It had no reply in time, and the client has been told kindly. Nothing more to do.',
  },
  withdrawn: { heading: 'The client withdrew this enquiry.', detail: 'Nothing more to do.' },
};

/** The page for a request already answered, from the state it is in; undefined for any other state. */
export function alreadyAnsweredPage(extra: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const words =
    typeof extra?.bookingStatus === 'string'
      ? bookingAlready[extra.bookingStatus]
      : typeof extra?.enquiryStatus === 'string'
        ? enquiryAlready[extra.enquiryStatus]
        : undefined;
  if (!words) return undefined;
  return page(
    words.heading,
    html`<h1>${words.heading}</h1><p>${words.detail}</p><p>You can close this page, or see everything in <a href="/console">your console</a>.</p>`,
  );
}
