/**
 * Erasing one person's data, in two steps: find them by email and see what will be removed, what is
 * kept and why; then confirm by typing their email again. It ends on a receipt the therapist can
 * keep: what was removed, when, and a reference, with nothing about the person beyond the address
 * the therapist typed. Only the signed-in therapist's own partition is ever read or changed (the use
 * cases of POST /me/erasures). The address never goes into a URL or a log line.
 */
import { html, type SafeHtml } from '#shared/http/html.js';
import { newId } from '#shared/ids.js';
import { erasePerson, UpcomingBookings, type ErasureCounts } from '#shared/use-cases/erasure/erase-person.js';
import { erasureEmail } from '#shared/use-cases/erasure/erasure-schemas.js';
import { previewErasure, type ErasurePreview } from '#shared/use-cases/erasure/preview-erasure.js';
import { consolePage, showPage, type ConsoleRequest } from '../console-page.js';
import { actionForm, errorMap, errorsFrom, errorSummary, inputField, noErrors, type FormErrors } from '../forms.js';
import { appointmentWord, when } from '../words.js';

/** What a person would recognise, for each kind of record counted. Timers, locks and guards are the system's own. */
const recordWords: [keyof ErasureCounts, string, string][] = [
  ['enquiries', 'enquiry, with its message', 'enquiries, with their messages'],
  ['waitingListEntries', 'waiting-list place, with its message', 'waiting-list places, with their messages'],
  ['clients', 'client record, with your notes', 'client records, with your notes'],
  ['bookings', 'past or closed booking', 'past or closed bookings'],
  ['returnRequests', 'request to come back, with its message', 'requests to come back, with their messages'],
  ['invitations', 'invitation to book', 'invitations to book'],
];

function removedList(counts: ErasureCounts): SafeHtml {
  const lines = recordWords
    .filter(([k]) => counts[k] > 0)
    .map(([k, one, many]) => html`<li>${counts[k] === 1 ? `1 ${one}` : `${counts[k]} ${many}`}</li>`);
  const system = counts.timers + counts.locks + counts.guards;
  return html`<ul>${lines}${system ? html`<li>${system} reminder${system === 1 ? '' : 's'}, time hold${system === 1 ? '' : 's'} and duplicate check${system === 1 ? '' : 's'} kept for them</li>` : html``}</ul>`;
}

const kept = (
  heading: 'h2' | 'h3',
): SafeHtml => html`${heading === 'h2' ? html`<h2>What is kept, and why</h2>` : html`<h3>What is kept, and why</h3>`}
<ul>
<li>A record that an email was sent, with no address and no content in it, for 30 days. Emails to them still waiting to go are stopped.</li>
<li>Backups of the whole database, which are replaced within 35 days.</li>
<li>Links in emails you already sent: they name no one, and once the data is gone they open nothing.</li>
</ul>`;

function findForm(csrf: string, email: string, errors: FormErrors): SafeHtml {
  return actionForm(
    csrf,
    '/console/erasure/find',
    html`${inputField({ name: 'email', label: 'Their email address', hint: 'The address they wrote to you from.', type: 'email', value: email, autocomplete: 'off' }, errors)}
<button type="submit" class="primary">Find what is kept about them</button>`,
  );
}

function firstStep(req: ConsoleRequest<unknown>, email = '', errors: FormErrors = noErrors) {
  return showPage({
    ...(errors.size ? { status: 400 } : {}),
    title: 'Erase a person’s data',
    section: 'clients',
    body: html`<p><a href="/console/clients">Back to clients</a></p>
<h1>Erase a person’s data</h1>
${errorSummary(errors)}
<p>When someone asks you to delete what you hold about them, find them here by email. You will see what would be removed before anything is.</p>
${findForm(req.csrf, email, errors)}`,
  });
}

function secondStep(
  req: ConsoleRequest<unknown>,
  email: string,
  preview: ErasurePreview,
  errors: FormErrors = noErrors,
) {
  const { csrf, therapist } = req;
  const zone = therapist.timeZone;
  let body: SafeHtml;
  if (!preview.found) {
    body = html`<p role="status">Nothing is kept about <strong>${email}</strong> in your practice. There is nothing to erase.</p>
<p>Check the address for a typing mistake, or try another address they may have used.</p>
${findForm(csrf, '', noErrors)}`;
  } else if (preview.upcoming.length) {
    body = html`<p>This person has ${preview.upcoming.length === 1 ? 'an appointment' : `${preview.upcoming.length} appointments`} with you still to come. Please cancel ${preview.upcoming.length === 1 ? 'it' : 'them'} first, so they hear from you; then come back here.</p>
<ul class="items">${preview.upcoming.map((b) => html`<li><a href="/console/bookings/${b.bookingId}">${appointmentWord(b.kind)}, ${when(b.start, zone)}</a></li>`)}</ul>
<p>Nothing has been erased.</p>`;
  } else {
    body = html`<h2>What will be removed</h2>
<p>Everything kept about <strong>${email}</strong> in your practice:</p>
${removedList(preview.counts)}
${preview.breakRecords ? html`<p>They are also taken out of ${preview.breakRecords === 1 ? 'the record of one break' : `the records of ${preview.breakRecords} breaks`} (who had a notice); the breaks stay.</p>` : html``}
${kept('h3')}
<h2>Confirm</h2>
<p>This cannot be undone.</p>
${actionForm(
  csrf,
  '/console/erasure',
  html`<input type="hidden" name="email" value="${email}">
${inputField({ name: 'confirmEmail', label: 'Type their email address again to confirm', type: 'email', value: '', autocomplete: 'off' }, errors)}
<button type="submit" class="danger">Erase their data for good</button>`,
  { confirm: 'Erase this person’s data for good?' },
)}
<p><a href="/console/erasure">Not now</a></p>`;
  }
  return showPage({
    ...(errors.size ? { status: 400 } : {}),
    title: 'Erase a person’s data',
    section: 'clients',
    body: html`<p><a href="/console/erasure">Start again</a></p>
<h1>Erase a person’s data</h1>
${errorSummary(errors)}
${body}`,
  });
}

function receipt(req: ConsoleRequest<unknown>, email: string, erased: ErasureCounts, reference: string) {
  const total = Object.values(erased).reduce((a, b) => a + b, 0);
  return showPage({
    title: 'Erased',
    section: 'clients',
    body: html`<h1>Their data is erased</h1>
<div class="done" role="status" tabindex="-1" data-focus><p>Keep this page as your record (print it or save it as a PDF). It holds only the address you typed.</p></div>
<dl>
<dt>Reference</dt><dd>${reference}</dd>
<dt>When</dt><dd>${when(req.now.toISOString(), req.therapist.timeZone)}</dd>
<dt>Whose</dt><dd>The person who wrote from ${email}</dd>
<dt>Removed</dt><dd>${total ? removedList(erased) : html`Nothing was left to remove.`}</dd>
</dl>
${kept('h2')}
<p><a href="/console/clients">Back to clients</a></p>`,
  });
}

/** The address as typed, checked; an error beside the field that held it. */
function emailFrom(
  form: Readonly<Record<string, string>>,
  field: 'email' | 'confirmEmail',
): { email: string } | { errors: FormErrors } {
  const parsed = erasureEmail.safeParse(form[field] ?? '');
  if (parsed.success) return { email: parsed.data };
  return { errors: errorMap((errorsFrom(parsed.error) ?? []).map((e) => ({ ...e, path: field }))) };
}

export const erasurePages = {
  consoleErasure: consolePage({ run: async (req) => firstStep(req) }),

  consoleFindErasure: consolePage({
    async run(req) {
      const found = emailFrom(req.form, 'email');
      if ('errors' in found) return firstStep(req, req.form.email ?? '', found.errors);
      return secondStep(
        req,
        found.email,
        await previewErasure(req.runtime, { therapistId: req.therapist.therapistId, email: found.email, now: req.now }),
      );
    },
  }),

  consoleErase: consolePage({
    async run(req) {
      const { runtime, therapist, now, form } = req;
      const found = emailFrom(form, 'email');
      if ('errors' in found) return firstStep(req, form.email ?? '', found.errors);
      const again = emailFrom(form, 'confirmEmail');
      const preview = () => previewErasure(runtime, { therapistId: therapist.therapistId, email: found.email, now });
      if ('errors' in again) return secondStep(req, found.email, await preview(), again.errors);
      if (again.email !== found.email)
        return secondStep(
          req,
          found.email,
          await preview(),
          errorMap([
            { path: 'confirmEmail', message: 'This is not the same address. Please type the address shown above.' },
          ]),
        );
      try {
        const { erased, breakRecords } = await erasePerson(runtime, {
          therapistId: therapist.therapistId,
          email: found.email,
          now,
        });
        const reference = newId(now).toUpperCase();
        runtime.logger.info('person erased', {
          therapistId: therapist.therapistId,
          reference,
          ...erased,
          breakRecords,
          via: 'console',
        });
        return receipt(req, found.email, erased, reference);
      } catch (error) {
        // A booking made meanwhile: show it, as the first step would have.
        if (error instanceof UpcomingBookings) return secondStep(req, found.email, await preview());
        throw error;
      }
    },
  }),
};
