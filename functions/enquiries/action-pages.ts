/**
 * The pages a therapist sees after clicking Accept or Decline in an email: a confirmation page with a
 * form (the GET never acts) and a result page. Every value is escaped by `html`.
 */
import { DateTime } from 'luxon';
import { html, page } from '../../shared/http/html.js';
import type { ActionDescription, PerformedAction } from '../../shared/use-cases/enquiries/one-click-action.js';
import { limits } from './schemas.js';

/** "Europe/London" → "London time": the zone named the way people say it. */
export const zoneLabel = (timeZone: string): string => `${(timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ')} time`;

/** "Tuesday 4 March, 10:00 (London time)". */
export function formatInZone(instant: string, timeZone: string): string {
  const at = DateTime.fromISO(instant, { zone: timeZone }).setLocale('en-GB');
  return `${at.toFormat('cccc d LLLL, HH:mm')} (${zoneLabel(timeZone)})`;
}

const verbs = { accept: { title: 'Accept', button: 'Accept enquiry' }, decline: { title: 'Decline', button: 'Decline enquiry' } } as const;

export function confirmActionPage(d: ActionDescription): string {
  const { title, button } = verbs[d.action];
  const name = d.enquiry.name;
  const received = formatInZone(d.enquiry.receivedAt, d.therapist.timeZone);
  const next =
    d.action === 'accept'
      ? html`<p>${name} will get an email from you inviting them to choose a time for an initial consultation.</p>`
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

export function actionDonePage(r: PerformedAction): string {
  const name = r.clientName;
  const body =
    r.action === 'accept'
      ? html`<h1>You accepted the enquiry from ${name}</h1><p>We have emailed ${name} to let them know. You can close this page.</p>`
      : html`<h1>You declined the enquiry from ${name}</h1><p>We have sent ${name} a kind reply with details of other support. You can close this page.</p>`;
  return page(r.action === 'accept' ? 'Enquiry accepted' : 'Enquiry declined', body);
}
