/**
 * GET /book/{token}: choose a time from an invitation; and what the page says once a time is chosen
 * (a request waiting for the therapist, or a booked appointment). Every value is escaped by `html`.
 */
import { html, page, type SafeHtml } from '#shared/http/html.js';
import type { BookPageData } from './page-data.js';
import {
  alertBox,
  browserZoneScript,
  pickerStyles,
  slotPicker,
  zoneLine,
  zonePicker,
  type PageLinks,
} from './slot-picker.js';
import { appointmentName, feesLine, howWeMeet, whenRange } from '#shared/http/pages/appointment-words.js';
import { clientPageHelp, helpNowStyles } from '#shared/http/pages/help-now.js';
import { formatDateTime } from '#shared/email/format-time.js';
import { firstConsultationPurpose } from '#shared/domain/vocabulary.js';

export interface BookPageOptions {
  token: string;
  /** Shown at the top, announced and focused: a lost race, a missing choice. */
  alert?: string;
  /** Reload in the browser's zone (GET without ?tz= only). */
  detectZone?: boolean;
  /** The day whose times to show. */
  day?: string | undefined;
  selected?: string;
  /** The number typed, kept after a re-render. */
  phone?: string;
}

const alertId = 'form-message';

const pageStyles = `${pickerStyles}${helpNowStyles}`;

/** The way to reach the therapist and the crisis lines, at the end of every page here (from /book/TOKEN). */
const help = (data: Pick<BookPageData, 'therapistName' | 'therapistId' | 'crisis'>): SafeHtml =>
  clientPageHelp({
    therapistName: data.therapistName,
    contactHref: `../contact/${data.therapistId}`,
    crisis: data.crisis,
  });

/** The picker, or — once the invitation has a request or a booking — what became of it. */
export function bookPage(data: BookPageData, o: BookPageOptions): string {
  if (data.existing || !data.week) return chosenPage(data);
  const links: PageLinks = { self: o.token, root: '../' };
  const what = appointmentName(data.kind);
  const title = `Choose a time for your ${what} with ${data.therapistName}`;
  const intro = html`${data.kind === 'consultation' ? html`<p>This is ${firstConsultationPurpose}. It lasts ${data.durationMinutes} minutes.</p>` : html`<p>It lasts ${data.durationMinutes} minutes.</p>`}
${howWeMeet(data.join, data.therapistName, data.requiresConfirmation)}
${feesLine(data.fees)}`;
  const after = data.requiresConfirmation
    ? html`${data.therapistName} will look at the time you choose and confirm it by email. You can cancel or move it later with the link in that email.`
    : html`The time is booked straight away and we email you the details. You can cancel or move it later with the link in that email.`;
  const button = data.requiresConfirmation ? 'Request this time' : 'Book this time';
  return page(
    title,
    html`${o.detectZone ? browserZoneScript(data.week.timeZone) : html``}
${o.alert ? alertBox(alertId, o.alert) : html``}
<h1>${title}</h1>
${intro}
${zoneLine(data.week.timeZone)}
${slotPicker({ week: data.week, links, action: links.self, button, after, day: o.day, ...(o.alert ? { errorId: alertId } : {}), ...(o.selected ? { selected: o.selected } : {}), ...(data.join.kind === 'phone' ? { extra: phoneField(data, o.phone) } : {}) })}
${zonePicker(links, data.week, [data.therapistZone])}
${help(data)}`,
    { styles: pageStyles },
  );
}

/** For a phone appointment: the number to call, the one from first contact filled in to confirm or change. */
function phoneField(data: BookPageData, typed: string | undefined): SafeHtml {
  const value = typed ?? data.phoneOnFile ?? '';
  const hint =
    data.phoneOnFile && typed === undefined
      ? `This is the number you gave when you first wrote. ${data.therapistName} will call you on it. You can change it here.`
      : `${data.therapistName} will call you on this number at the time you choose.`;
  return html`<label for="phone">Your phone number</label>
<p id="phone-hint" class="muted">${hint}</p>
<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="30" required aria-describedby="phone-hint" value="${value}">`;
}

/** After a time is chosen: the fresh confirmation, and the same words when the page is opened (or posted) again. */
export function chosenPage(data: BookPageData): string {
  const what = appointmentName(data.kind);
  const name = data.therapistName;
  const existing = data.existing;
  if (!existing) {
    // A booked invitation whose booking has gone from the table (retention): nothing more to show.
    return page(
      'This invitation has been used',
      html`<h1>This invitation has been used</h1><p>It was used to choose a time with ${name}. Your emails about it have the details.</p>${help(data)}`,
      { styles: pageStyles },
    );
  }
  const when = whenRange(existing.start, existing.end, data.timeZone);
  let body: SafeHtml;
  switch (existing.status) {
    case 'requested':
      body = html`<h1>Your request is with ${name}</h1>
<p>You asked for ${when}.</p>
${existing.answerBy ? html`<p>${name} will reply by ${formatDateTime(existing.answerBy, data.timeZone)}.</p>` : html``}
<p>You will get an email when ${name} confirms it. We have also emailed you a note of your request, with a link to move or cancel it if you need to.</p>
<p>You do not need to do anything else. You can close this page.</p>`;
      break;
    case 'confirmed':
      body = html`<h1>Your ${what} is booked</h1>
<p>Your ${what} with ${name} is booked for ${when}.</p>
<p>We have emailed you the details, with a calendar file and a link to move or cancel it if you need to.</p>
<p>You do not need to do anything else. You can close this page.</p>`;
      break;
    default:
      body = html`<h1>This invitation has been used</h1>
<p>It was used to choose ${when} with ${name}, and that time is no longer booked. If you would like another time, you can write to ${name} again through their contact page, below. They will be glad to hear from you.</p>`;
  }
  return page(
    existing.status === 'requested' ? `Your request is with ${name}` : `Your ${what} with ${name}`,
    html`${body}${help(data)}`,
    { styles: pageStyles },
  );
}
