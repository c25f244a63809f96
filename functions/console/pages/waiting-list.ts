/**
 * The waiting list: whether new clients are taken now (open, the waiting list with an honest guess
 * at the wait, or closed), and the people waiting in the order they joined, with how long each has
 * waited, their last answer to a check-in, and their message behind a click. Offer a place, or take
 * someone off the list with a note, each showing first the email the person will get. The same use
 * cases and schemas as GET /me/waiting-list, POST /me/waiting-list/{id}/offer and /remove, and
 * PUT /me/new-clients. Where the therapist's emails about the list open (shared/use-cases/console-links.ts).
 */
import type * as z from '#shared/zod.js';
import { invitationExpiresAt } from '#shared/domain/invitation.js';
import {
  newClientNoteLimit,
  newClientPolicySchema,
  policyFrom,
  type NewClientPolicy,
} from '#shared/domain/new-clients.js';
import { waitingListClosed } from '#shared/email/templates/waiting-list-closed.js';
import { waitingListOffer } from '#shared/email/templates/waiting-list-offer.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import { readSettings } from '#shared/use-cases/scheduling/settings.js';
import { listWaitingList, type WaitingEntryView } from '#shared/use-cases/waiting-list/list-waiting.js';
import { readNewClientPolicy, updateNewClientPolicy } from '#shared/use-cases/waiting-list/new-clients.js';
import { offerPlace } from '#shared/use-cases/waiting-list/offer-place.js';
import { removeEntry } from '#shared/use-cases/waiting-list/remove-entry.js';
import { entryParams, waitingNoteBody } from '#shared/use-cases/waiting-list/waiting-list-schemas.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  fieldId,
  inputField,
  noErrors,
  textArea,
  wholeNumber,
  type FormErrors,
} from '../forms.js';
import { day, duration, when } from '../words.js';
import { emailPreview, noteMarker, previewBookingUrl, previewLeaveUrl } from './email-preview.js';

type Params = z.infer<typeof entryParams>;
/** `policy`, or `offer:{entryId}` / `remove:{entryId}`: which form the errors belong to. */
type Failed = { form: string; values: Readonly<Record<string, string>>; errors: FormErrors };
const noteLimit = 1000;

const doneWords: Record<string, string> = {
  offered:
    'The offer is on its way: they can choose a time for a first consultation from it. If they do not, they keep their place and you will be told.',
  removed: 'They are off your waiting list, and have a kind email from you.',
  'status-saved': 'Saved. New first contact now meets what you chose.',
};

const statusWords: Record<NewClientPolicy['status'], string> = {
  open: 'Open: new enquiries come to your inbox.',
  'waiting-list': 'Waiting list: new first contact joins your waiting list.',
  closed: 'Closed: nobody new can write to you; they are kindly pointed elsewhere.',
};

/** The schema's words name JSON fields; on the page, plain words about the field in front of the therapist. */
const policyFieldWords: Record<string, string> = {
  expectedWaitWeeks: 'Please give the wait as a whole number of weeks, from 1 to 104, or leave it empty.',
  status: 'Please choose whether you take new clients.',
};

function checkInWords(e: WaitingEntryView, zone: string): string {
  const c = e.checkIns;
  if (c.sent === 0) return c.nextAt ? `No check-in yet. The first goes on ${day(c.nextAt, zone)}.` : 'No check-in yet.';
  const last = c.lastSentAt ? ` on ${day(c.lastSentAt, zone)}` : '';
  const answer =
    c.unanswered === 0 && c.lastAnsweredAt
      ? `They said they would like to stay, on ${day(c.lastAnsweredAt, zone)}.`
      : c.unanswered === 1
        ? 'No answer yet.'
        : `No answer to the last ${c.unanswered}.`;
  return `Last check-in sent${last}. ${answer}`;
}

/** `first`: the person who has waited longest of those still waiting, whose offer is the page's one primary action. */
function entryItem(
  req: ConsoleRequest<unknown>,
  e: WaitingEntryView,
  terms: { minutes: number; expiresAt: string },
  first: boolean,
  failed: Failed | undefined,
): SafeHtml {
  const { csrf, therapist, runtime } = req;
  const zone = therapist.timeZone;
  const settings = runtime.config.settings;
  const name = e.name;
  const mine = (form: 'offer' | 'remove') => (failed?.form === `${form}:${e.entryId}` ? failed : undefined);
  const noteOf = (form: 'offer' | 'remove') => mine(form)?.values.note ?? '';
  const errorsOf = (form: 'offer' | 'remove') => mine(form)?.errors ?? noErrors;
  const offered = e.status === 'offered' && e.offer;

  const offer = offered
    ? html`<p class="done">You offered ${name} a place on ${day(e.offer!.offeredAt, zone)}. Their link to choose a time stays open until ${when(e.offer!.expiresAt, zone)}; if it ends unused, they keep their place and you will be told.</p>`
    : html`${actionForm(
        csrf,
        `/console/waiting-list/${e.entryId}/offer`,
        html`${textArea({ name: 'note', id: `offer-note-${e.entryId}`, label: `A note to ${name} (optional)`, hint: 'It goes into the email in your words, under your name.', maxLength: noteLimit, value: noteOf('offer') }, errorsOf('offer'))}
<p>${name} will get an email from you inviting them to choose a time for a first consultation. If they do not, they keep their place.</p>
<button type="submit"${first ? html` class="primary"` : html``}>Offer ${name} a place</button>`,
      )}
${emailPreview(
  {
    template: waitingListOffer,
    therapistId: therapist.therapistId,
    data: {
      clientName: name,
      therapistName: therapist.displayName,
      note: noteMarker,
      bookingUrl: previewBookingUrl(settings),
      invitationExpiresAt: terms.expiresAt,
      durationMinutes: terms.minutes,
      timeZone: zone,
      leaveUrl: previewLeaveUrl(settings),
    },
  },
  settings,
  name,
  `The email ${name} will receive if you offer a place`,
)}`;

  const remove = html`<details${mine('remove') ? html` open` : html``}><summary>Take ${name} off the list</summary>
${actionForm(
  csrf,
  `/console/waiting-list/${e.entryId}/remove`,
  html`${textArea({ name: 'note', id: `remove-note-${e.entryId}`, label: `A note to ${name} (optional)`, hint: 'It is about how much time you have, never about the person.', maxLength: noteLimit, value: noteOf('remove') }, errorsOf('remove'))}
<p>${name} will get a kind email from you, with other places to find support.</p>
<button type="submit" class="danger">Take ${name} off the list</button>`,
  { confirm: `Take ${name} off your waiting list? They will get a kind email at once.` },
)}
${emailPreview({ template: waitingListClosed, therapistId: therapist.therapistId, data: { clientName: name, therapistName: therapist.displayName, reason: 'removed', note: noteMarker } }, settings, name, `The email ${name} will receive if you take them off the list`)}
</details>`;

  return html`<li id="entry-${e.entryId}"><h3>${e.position ? `${e.position}. ` : ''}${name}${offered ? html` <span class="tag attention">Place offered</span>` : html``}</h3>
<dl>
<dt>Waiting</dt><dd>${e.waitedDays === 0 ? `Joined today, ${day(e.joinedAt, zone)}` : `${duration(e.waitedDays)}, since ${day(e.joinedAt, zone)}`}</dd>
<dt>Email</dt><dd><a href="mailto:${e.email}">${e.email}</a></dd>
${e.phone ? html`<dt>Phone</dt><dd>${e.phone}</dd>` : html``}
<dt>Prefers</dt><dd>${e.preferredContact === 'phone' ? 'A phone call' : 'A reply by email'}</dd>
<dt>Check-ins</dt><dd>${checkInWords(e, zone)}</dd>
${e.offersExpired ? html`<dt>Earlier offers</dt><dd>${e.offersExpired === 1 ? 'One offer' : `${e.offersExpired} offers`} ran out unused${e.lastOfferExpiredAt ? `, the last on ${day(e.lastOfferExpiredAt, zone)}` : ''}; they kept their place.</dd>` : html``}
</dl>
${
  e.message || e.timePreferences
    ? html`<details><summary>Read ${name}'s message</summary>
${e.message ? html`<div class="message">${e.message}</div>` : html`<p class="muted">They did not write a message.</p>`}
${e.timePreferences ? html`<p class="label">Times that suit them</p><div class="message">${e.timePreferences}</div>` : html``}
</details>`
    : html`<p class="muted small">They did not write a message.</p>`
}
${offer}
${remove}</li>`;
}

function policyForm(req: ConsoleRequest<unknown>, policy: NewClientPolicy, failed: Failed | undefined): SafeHtml {
  const mine = failed?.form === 'policy' ? failed : undefined;
  const e = mine?.errors ?? noErrors;
  const v = mine?.values ?? {
    status: policy.status,
    expectedWaitWeeks: policy.expectedWaitWeeks?.toString() ?? '',
    note: policy.note ?? '',
  };
  const radio = (value: NewClientPolicy['status'], label: string, hint: string) =>
    html`<label class="choice"><input type="radio" name="status" value="${value}"${v.status === value ? html` checked` : html``}>${label}</label><span class="hint">${hint}</span>`;
  return html`<h2>New clients</h2>
<p>Now: <strong>${statusWords[policy.status]}</strong>${policy.status === 'waiting-list' && policy.expectedWaitWeeks ? ` You expect a wait of about ${policy.expectedWaitWeeks} week${policy.expectedWaitWeeks === 1 ? '' : 's'}.` : ''}</p>
${actionForm(
  req.csrf,
  '/console/waiting-list/new-clients',
  html`<fieldset id="${fieldId('status')}"><legend>Do you take new clients now?</legend>
${e.has('status') ? html`<p class="error" id="${fieldId('status')}-error">${e.get('status')}</p>` : html``}
${radio('open', 'Open', 'New enquiries come to your inbox.')}
${radio('waiting-list', 'Waiting list', 'People can still write; they join your waiting list and are told honestly how it works.')}
${radio('closed', 'Closed', 'Nobody new can write to you for now. They are kindly pointed to other help.')}
</fieldset>
${inputField({ name: 'expectedWaitWeeks', label: 'Expected wait, in weeks (waiting list only, optional)', hint: 'Your honest guess, told to people as they join. Leave empty to say nothing about it.', value: v.expectedWaitWeeks ?? '', inputmode: 'numeric' }, e)}
${textArea({ name: 'note', label: 'A note for people who find you full or closed (optional)', hint: 'Shown and emailed to them in your words. Not used while you are open.', maxLength: newClientNoteLimit, value: v.note ?? '' }, e)}
<p>Changing this invites nobody and takes nobody off the list: you offer places in order, below.</p>
<button type="submit">Save whether you take new clients</button>`,
)}`;
}

async function waitingListPage(req: ConsoleRequest<unknown>, failed?: Failed) {
  const { therapist, runtime, now, query } = req;
  const [entries, stored, { settings: practice }] = await Promise.all([
    listWaitingList(runtime, therapist.therapistId, now),
    readNewClientPolicy(runtime, therapist.therapistId),
    readSettings(runtime, therapist.therapistId),
  ]);
  const firstWaiting = entries.find((e) => e.status === 'waiting')?.entryId;
  const offerTerms = {
    minutes: practice.consultation.durationMinutes,
    expiresAt: invitationExpiresAt(now, runtime.config.settings.invitationTtlDays).toISOString(),
  };
  const noteId = (path: string) => {
    if (!failed) return undefined;
    if (failed.form === 'policy') return path === 'status' ? fieldId('status') : fieldId(path);
    const [form, entryId] = failed.form.split(':');
    return path === 'note' ? `${form}-note-${entryId}` : undefined;
  };
  const body = html`<h1>Waiting list</h1>
${query.done && doneWords[query.done] ? doneMessage(doneWords[query.done]!) : html``}
${failed ? errorSummary(failed.errors, noteId) : html``}
<h2>People waiting (${entries.length})</h2>
${
  entries.length
    ? html`<p class="muted">In the order they joined: the person at the top has waited longest. Each has a short note from you every ${practice.waitingListCheckInWeeks} weeks asking whether they still want their place.</p>
<ul class="items">${entries.map((e) => entryItem(req, e, offerTerms, e.entryId === firstWaiting, failed))}</ul>`
    : html`<p>Nobody is waiting. While your status is "waiting list", new first contact joins the list here.</p>`
}
${policyForm(req, stored.policy, failed)}`;
  return showPage({
    ...(failed ? { status: 400 } : {}),
    title: entries.length ? `Waiting list (${entries.length})` : 'Waiting list',
    section: 'waiting-list',
    body,
  });
}

const withNote = (form: 'offer' | 'remove') =>
  consolePage<Params>({
    params: entryParams,
    async run(req) {
      const { therapist, params, form: sent, now, runtime } = req;
      const parsed = waitingNoteBody.safeParse({ note: sent.note ?? '' });
      if (!parsed.success)
        return waitingListPage(req, {
          form: `${form}:${params.entryId}`,
          values: sent,
          errors: errorMap(errorsFrom(parsed.error) ?? []),
        });
      const input = {
        therapistId: therapist.therapistId,
        entryId: params.entryId,
        now,
        ...(parsed.data.note ? { note: parsed.data.note } : {}),
      };
      if (form === 'offer') await offerPlace(runtime, input);
      else await removeEntry(runtime, input);
      runtime.logger.info('waiting list', { action: form, via: 'console' });
      return redirectTo(`/console/waiting-list?done=${form === 'offer' ? 'offered' : 'removed'}`);
    },
  });

export const waitingListPages = {
  consoleWaitingList: consolePage({ run: (req) => waitingListPage(req) }),
  consoleOfferPlace: withNote('offer'),
  consoleRemoveFromWaitingList: withNote('remove'),

  consoleSaveNewClients: consolePage({
    async run(req) {
      const { form, therapist, runtime, now } = req;
      const status = form.status ?? '';
      // A field that does not apply to the chosen status is left out rather than refused: the form
      // shows them all (it works without JavaScript), and switching to "open" keeps the old wait typed in.
      const weeks = status === 'waiting-list' ? wholeNumber(form.expectedWaitWeeks) : undefined;
      const note = status !== 'open' && form.note?.trim() ? form.note : undefined;
      const parsed = newClientPolicySchema.safeParse({
        status,
        ...(weeks !== undefined ? { expectedWaitWeeks: weeks } : {}),
        ...(note !== undefined ? { note } : {}),
      });
      if (!parsed.success) {
        const errors: FieldError[] = (errorsFrom(parsed.error) ?? []).map((e) => ({
          path: e.path,
          message: policyFieldWords[e.path] ?? e.message,
        }));
        return waitingListPage(req, { form: 'policy', values: form, errors: errorMap(errors) });
      }
      const saved = await updateNewClientPolicy(runtime, therapist.therapistId, policyFrom(parsed.data), now);
      runtime.logger.info('new-client status', { status: saved.policy.status, via: 'console' });
      return redirectTo('/console/waiting-list?done=status-saved');
    },
  }),
};
