/**
 * GET /manage/{token}: one booking as the client sees it: "Move to another time" first (without the
 * time it already has), then a plain link to cancel on a second page that asks once more, while the
 * policy allows (cancelling as easy as booking, never one press away, docs/voice-and-privacy.md); the kind word on how
 * to reach the therapist when it does not; and the pages after a cancel or a move. Every value is
 * escaped by `html`.
 */
import { formatDateTime } from '#shared/email/format-time.js';
import { html, page, type SafeHtml } from '#shared/http/html.js';
import type { ManagedBookingView } from '#shared/use-cases/bookings/manage-booking.js';
import { limits } from '#shared/use-cases/bookings/booking-schemas.js';
import {
  alertBox,
  browserZoneScript,
  pickerStyles,
  slotPicker,
  zoneLine,
  zonePicker,
  type PageLinks,
} from './slot-picker.js';
import type { SlotWeek } from './slot-week.js';
import { appointmentName, howToJoin, whenRange } from '#shared/http/pages/appointment-words.js';
import { clientPageHelp, helpNowStyles } from '#shared/http/pages/help-now.js';
import type { Rebook } from '#shared/use-cases/bookings/booking-emails.js';

export interface ManagePageOptions {
  links: PageLinks;
  /** The day whose free times to show for a move. */
  day?: string | undefined;
  /** The zone every time on the page is shown in. */
  zone: string;
  /** Free times to move to, when moving is allowed. */
  week?: SlotWeek;
  alert?: string;
  detectZone?: boolean;
  selected?: string;
}

const alertId = 'form-message';

const pageStyles = `${pickerStyles}${helpNowStyles}`;

/** The way to reach the therapist and the crisis lines, at the end of every manage page. */
const help = (view: Pick<ManagedBookingView, 'therapist' | 'crisisSupport'>, links: PageLinks): SafeHtml =>
  clientPageHelp({
    therapistName: view.therapist.displayName,
    contactHref: `${links.root}contact/${view.therapist.therapistId}`,
    crisis: view.crisisSupport,
  });

const minutesOf = (view: Pick<ManagedBookingView, 'start' | 'end'>): number =>
  Math.round((Date.parse(view.end) - Date.parse(view.start)) / 60_000);

function statusLine(view: ManagedBookingView): SafeHtml {
  const name = view.therapist.displayName;
  switch (view.status) {
    case 'requested':
      return html`<p><strong>Waiting for ${name} to confirm.</strong> You will get an email when they do.</p>`;
    case 'confirmed':
      return html`<p><strong>Booked and confirmed.</strong></p>`;
    case 'cancelled':
      return html`<p><strong>This ${appointmentName(view.kind)} is cancelled.</strong></p>`;
    case 'declined':
      return html`<p><strong>${name} could not take this time.</strong></p>`;
    case 'expired':
      return html`<p><strong>This request was not confirmed in time, so the time was released.</strong> Nobody did anything wrong.</p>`;
  }
}

/**
 * Cancelling is one plain link to a second page that asks once more (and takes an optional reason):
 * as easy as booking, never one press away, and never the page's main button.
 */
function cancelSection(view: ManagedBookingView, links: PageLinks, zone: string): SafeHtml {
  const request = view.status === 'requested';
  // A request can be withdrawn until it starts; a confirmed booking until the notice window begins.
  const until =
    !request && Date.parse(view.changeableUntil) < Date.parse(view.start)
      ? html` You can do this here until ${formatDateTime(view.changeableUntil, zone)}.`
      : html``;
  return html`<section aria-labelledby="cancel-heading">
<h2 id="cancel-heading">${request ? 'Cannot make it after all?' : 'Cannot make it?'}</h2>
<p>You can cancel ${request ? 'your request' : 'it'}. You will be asked to confirm first.${until}</p>
<a class="quiet-button" href="${links.self}/cancel">${request ? 'Cancel this request' : 'Cancel this appointment'}</a>
</section>`;
}

function moveSection(view: ManagedBookingView, o: ManagePageOptions): SafeHtml {
  if (!o.week) return html``;
  const after =
    view.status === 'requested'
      ? `${view.therapist.displayName} will be asked to confirm the new time instead.`
      : `${view.therapist.displayName} will be told about the new time.`;
  return html`<section aria-labelledby="move-heading">
<h2 id="move-heading">Move to another time</h2>
${slotPicker({ week: o.week, links: o.links, action: `${o.links.self}/reschedule`, button: 'Move to this time', after: html`${after}`, day: o.day, nested: true, ...(o.alert ? { errorId: alertId } : {}), ...(o.selected ? { selected: o.selected } : {}) })}
${zonePicker(o.links, o.week, [view.timeZone])}
</section>`;
}

export function managePage(view: ManagedBookingView, o: ManagePageOptions): string {
  const name = view.therapist.displayName;
  const what = appointmentName(view.kind);
  const title = `Your ${what} with ${name}`;
  const active = view.status === 'requested' || view.status === 'confirmed';
  return page(
    title,
    html`${o.detectZone ? browserZoneScript(o.zone) : html``}
${o.alert ? alertBox(alertId, o.alert) : html``}
<h1>${title}</h1>
${statusLine(view)}
<p>${active ? 'When' : 'It was for'}: ${whenRange(view.start, view.end, o.zone)}. It lasts ${minutesOf(view)} minutes.</p>
${active ? howToJoin(view.join, name) : html``}
${zoneLine(o.zone)}
${view.policy ? html`<div class="note"><p>${view.policy}</p></div>` : html``}
${view.canReschedule ? moveSection(view, o) : html``}
${view.canCancel ? cancelSection(view, o.links, o.zone) : html``}
${help(view, o.links)}`,
    { styles: pageStyles },
  );
}

/** The second step of cancelling: what is being cancelled, an optional word to the therapist, and a way back. */
export function cancelConfirmPage(view: ManagedBookingView, zone: string, links: PageLinks, alert?: string): string {
  const name = view.therapist.displayName;
  const request = view.status === 'requested';
  const what = request ? 'request' : appointmentName(view.kind);
  const title = `Cancel your ${what}?`;
  return page(
    title,
    html`${alert ? alertBox(alertId, alert) : html``}
<h1>${title}</h1>
<p>${request ? 'You asked for' : 'Your appointment is'} ${whenRange(view.start, view.end, zone)}, with ${name}.</p>
<p>If you cancel, ${name} will be told, and the time will be free for someone else. ${request ? '' : 'We will email you a note of it, with a file that takes it out of your calendar.'}</p>
<form method="post" action="cancel">
<label for="reason">Anything you would like ${name} to know (optional)</label>
<textarea id="reason" name="reason" rows="3" maxlength="${limits.reason}" aria-describedby="reason-hint"></textarea>
<p id="reason-hint" class="muted">You do not have to give a reason.</p>
<button type="submit">${request ? 'Yes, cancel my request' : `Yes, cancel my ${what}`}</button>
</form>
<p><a href="${links.self}">No, keep it</a></p>
${help(view, links)}`,
    { styles: pageStyles },
  );
}

/**
 * `wasConfirmed`: only a confirmed booking was in the client's calendar (a request has no calendar
 * file). `rebook`: the invitation is open again, so another time is one link away; else the contact page.
 */
export function cancelledPage(
  view: ManagedBookingView & { rebook?: Rebook },
  wasConfirmed: boolean,
  zone: string,
  links: PageLinks,
): string {
  const name = view.therapist.displayName;
  const what = appointmentName(view.kind);
  const another = view.rebook
    ? html`<p>If you would like to, you can <a href="${links.root}book/${view.rebook.bookingUrl.split('/').pop()}">choose another time</a>. The link stays open until ${formatDateTime(view.rebook.invitationExpiresAt, zone)}, and we have emailed it to you too.</p>`
    : html`<p>If you would like to arrange another time, you can write to ${name} through their contact page, below.</p>`;
  return page(
    `Your ${what} is cancelled`,
    html`<h1>Your ${what} with ${name} is cancelled</h1>
<p>${whenRange(view.start, view.end, zone)} is no longer booked. We have let ${name} know, and emailed you a note of it.</p>
${wasConfirmed ? html`<p>If you added it to your calendar, the file in that email will take it out.</p>` : html``}
${another}
<p>You do not need to do anything else. You can close this page.</p>
<p><a href="${links.self}">See the cancelled ${what}</a></p>
${help(view, links)}`,
    { styles: pageStyles },
  );
}

export function movedPage(view: ManagedBookingView, zone: string, links: PageLinks): string {
  const name = view.therapist.displayName;
  const what = appointmentName(view.kind);
  const next =
    view.status === 'requested'
      ? html`<p>${name} will look at the new time and confirm it by email.</p>`
      : html`<p>We have let ${name} know, and emailed you the new details with a calendar file that changes the time in your calendar.</p>`;
  return page(
    `Your ${what} has moved`,
    html`<h1>Your ${what} with ${name} has moved</h1>
<p>It is now ${whenRange(view.start, view.end, zone)}.</p>
${next}
<p><a href="${links.self}">See or change your ${what}</a></p>
${help(view, links)}`,
    { styles: pageStyles },
  );
}
