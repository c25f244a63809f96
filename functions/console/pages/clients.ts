/**
 * Clients by where they stand (active, on a break, ended), each with their last and next booking
 * and any invitation to book still open (with when it lapses), and what can be done: invite to
 * book, pause, end, resume; and bringing in a client seen before Threshold. The use cases and
 * schemas of /me/clients.
 */
import type * as z from '#shared/zod.js';
import type { ClientStatus } from '#shared/domain/client.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import { inviteClient } from '#shared/use-cases/bookings/invite-client.js';
import { addClient } from '#shared/use-cases/clients/add-client.js';
import { endClient, pauseClient, type ClientBreakResult } from '#shared/use-cases/clients/client-break.js';
import type { ClientView } from '#shared/use-cases/clients/client-view.js';
import { listTherapistClients } from '#shared/use-cases/clients/list-clients.js';
import { resumeClient } from '#shared/use-cases/clients/resume-client.js';
import { clientParams } from '#shared/use-cases/bookings/booking-schemas.js';
import { addClientBody, noteBody, pauseBody } from '#shared/use-cases/clients/client-schemas.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  dateField,
  datesIn,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  fieldId,
  inputField,
  noErrors,
  notWholeNumbers,
  textArea,
  wholeNumber,
  type FormErrors,
} from '../forms.js';
import { appointmentWord, dateInWords, day, when } from '../words.js';

type Params = z.infer<typeof clientParams>;
type Failed = { form: string; values: Readonly<Record<string, string>>; errors: FormErrors };
const noteLimit = 1000;

const groups: { status: ClientStatus; heading: string; empty: string }[] = [
  {
    status: 'active',
    heading: 'Active',
    empty:
      'No active clients yet. People become clients when you record that a first consultation is continuing, or when you add them below.',
  },
  { status: 'paused', heading: 'On a break', empty: 'Nobody is on a break.' },
  { status: 'ended', heading: 'Ended', empty: 'No ended work.' },
];

function clientItem(c: ClientView, zone: string, csrf: string, failed: Failed | undefined): SafeHtml {
  const mine = failed?.form.endsWith(`:${c.clientId}`) ? failed : undefined;
  const errors = mine?.errors ?? noErrors;
  const value = (f: string) => mine?.values[f] ?? '';
  const id = (f: string) => `${f}-${c.clientId}`;
  const bookings = html`${c.lastBooking ? html`<br><span class="muted small">Last: ${when(c.lastBooking.start, zone)}</span>` : c.lastSessionAt ? html`<br><span class="muted small">Last session: ${day(c.lastSessionAt, zone)}</span>` : html``}
${c.nextBooking ? html`<br><span class="small">Next: <a href="/console/bookings/${c.nextBooking.bookingId}">${appointmentWord(c.nextBooking.kind)}, ${when(c.nextBooking.start, zone)}</a></span>` : html``}
${c.openInvitation ? html`<p class="small">Invited to book on ${day(c.openInvitation.invitedAt, zone)}, not booked yet. Their link lapses on ${when(c.openInvitation.expiresAt, zone)}.</p>` : html``}`;
  const end = html`<details${mine?.form.startsWith('end:') ? html` open` : html``}><summary>End work with ${c.name}</summary>
${actionForm(
  csrf,
  `/console/clients/${c.clientId}/end`,
  html`${textArea({ name: 'note', id: id('end-note'), label: 'A note for your records (optional)', hint: 'Kept with the client; not emailed.', maxLength: noteLimit, value: mine?.form.startsWith('end:') ? value('note') : '' }, mine?.form.startsWith('end:') ? errors : noErrors)}
<p>Reminders stop. Bookings ahead are listed for you to cancel or keep; nothing is cancelled for you.</p>
<button type="submit" class="danger">End work with ${c.name}</button>`,
  { confirm: `End work with ${c.name}?` },
)}</details>`;

  let actions: SafeHtml;
  if (c.status === 'active') {
    const pausing = mine?.form.startsWith('pause:');
    // An open invitation already lets them book: a second one is a fresh link, not a second booking.
    actions = html`${actionForm(csrf, `/console/clients/${c.clientId}/invite`, html`<button type="submit">${c.openInvitation ? `Send ${c.name} a fresh invitation` : `Invite ${c.name} to book a session`}</button>`)}
<details${pausing ? html` open` : html``}><summary>Put ${c.name} on a break</summary>
${actionForm(
  csrf,
  `/console/clients/${c.clientId}/pause`,
  html`${dateField({ name: 'expectedReturn', id: id('expectedReturn'), label: 'Expected back (optional)', values: pausing ? (mine?.values ?? {}) : {} }, pausing ? errors : noErrors)}
${textArea({ name: 'note', id: id('pause-note'), label: 'A note for your records (optional)', maxLength: noteLimit, value: pausing ? value('note') : '' }, pausing ? errors : noErrors)}
<p>Their reminders stop while they are away. Bookings inside the break are listed for you to cancel or keep.</p>
<button type="submit">Put ${c.name} on a break</button>`,
)}</details>
${end}`;
  } else {
    const resume = actionForm(
      csrf,
      `/console/clients/${c.clientId}/resume`,
      html`<button type="submit">${c.name} is active again</button>`,
    );
    actions = c.status === 'paused' ? html`${resume}${end}` : resume;
  }
  const state =
    c.status === 'paused'
      ? html`<p class="small">On a break${c.pausedAt ? ` since ${day(c.pausedAt, zone)}` : ''}${c.expectedReturn ? `, expected back ${dateInWords(c.expectedReturn)}` : ''}.</p>`
      : c.status === 'ended'
        ? html`<p class="small">Work ended${c.endedAt ? ` ${day(c.endedAt, zone)}` : ''}.</p>`
        : html``;
  return html`<li id="client-${c.clientId}"><strong><bdi>${c.name}</bdi></strong> <a class="small" href="mailto:${c.email}">${c.email}</a>${c.openReturnId ? html` <a class="tag attention" href="/console/returns/${c.openReturnId}">Asked to come back</a>` : html``}${c.openInvitation ? html` <span class="tag">Invited</span>` : html``}
${bookings}${state}${actions}</li>`;
}

const doneWords: Record<string, string> = {
  added: 'The client is added.',
  invited: 'The invitation is on its way: they can choose a time for a session from it.',
  resumed: 'They are an active client again; reminders of bookings ahead come back.',
};

async function clientsPage(req: ConsoleRequest<unknown>, failed?: Failed) {
  const { therapist, runtime, now, csrf, query } = req;
  const { items } = await listTherapistClients(runtime, therapist.therapistId, now);
  const zone = therapist.timeZone;
  const adding = failed?.form === 'add' ? failed : undefined;
  const e = adding?.errors ?? noErrors;
  const v = adding?.values ?? {};
  const status = v.status === 'paused' ? 'paused' : 'active';
  const body = html`<h1>Clients</h1>
${query.done && doneWords[query.done] ? doneMessage(doneWords[query.done]!) : html``}
${failed ? errorSummary(failed.errors, (p) => (adding ? fieldId(p) : undefined)) : html``}
${groups.map((g) => {
  const own = items.filter((c) => c.status === g.status);
  return html`<h2>${g.heading} (${own.length})</h2>${own.length ? html`<ul class="items">${own.map((c) => clientItem(c, zone, csrf, failed))}</ul>` : html`<p class="muted">${g.empty}</p>`}`;
})}
<h2>Add a client you already see</h2>
<p>For someone you worked with before using Threshold. They get no email now; you can invite them to book when you are ready.</p>
${actionForm(
  csrf,
  '/console/clients',
  html`${inputField({ name: 'name', label: 'Name', hint: 'The name they like to be called.', value: v.name ?? '', autocomplete: 'off' }, e)}
${inputField({ name: 'email', label: 'Email address', type: 'email', value: v.email ?? '', autocomplete: 'off' }, e)}
<fieldset id="${fieldId('status')}"><legend>Where they stand</legend>
${e.has('status') ? html`<p class="error">${e.get('status')}</p>` : html``}
<label class="choice"><input type="radio" name="status" value="active"${status === 'active' ? html` checked` : html``}>Seeing me now</label>
<label class="choice"><input type="radio" name="status" value="paused"${status === 'paused' ? html` checked` : html``}>On a break</label>
</fieldset>
${dateField({ name: 'expectedReturn', label: 'Expected back (for a client on a break, optional)', values: v }, e)}
${inputField({ name: 'sessionLengthMinutes', label: 'Their session length in minutes (optional)', hint: 'Leave empty to use your usual session length.', value: v.sessionLengthMinutes ?? '', inputmode: 'numeric' }, e)}
${dateField({ name: 'firstContactOn', label: 'First contact (optional)', values: v }, e)}
${dateField({ name: 'lastSessionOn', label: 'Last session (optional)', values: v }, e)}
<button type="submit" class="primary">Add client</button>`,
)}
<h2>When someone asks you to delete their data</h2>
<p><a href="/console/erasure">Erase a person’s data</a>: you see what would be removed before anything is.</p>`;
  return showPage({ ...(failed ? { status: 400 } : {}), title: 'Clients', section: 'clients', body });
}

/** After a pause or an end: who, and the bookings still ahead inside it, to cancel or keep. */
function steppedAway(result: ClientBreakResult, zone: string, what: 'paused' | 'ended') {
  const c = result.client;
  return showPage({
    title: what === 'paused' ? `${c.name} is on a break` : `Work with ${c.name} has ended`,
    section: 'clients',
    body: html`<h1>${what === 'paused' ? `${c.name} is on a break` : `Work with ${c.name} has ended`}</h1>
${doneMessage(what === 'paused' ? 'Their reminders have stopped. Nothing was emailed to them.' : 'Their reminders have stopped. Nothing was emailed to them.')}
${
  result.bookingsInside.length
    ? html`<h2>Bookings still ahead</h2><p>Nothing has been cancelled. Cancel each with a note, or keep it.</p>
<ul class="items">${result.bookingsInside.map((b) => html`<li><a href="/console/bookings/${b.bookingId}">${appointmentWord(b.kind)}, ${when(b.start, zone)}</a> <span class="tag attention">${what === 'paused' ? 'Inside the break' : 'After the end'}</span></li>`)}</ul>`
    : html`<p>They have no bookings ahead.</p>`
}
<p><a href="/console/clients">Back to clients</a></p>`,
  });
}

const stepAway = (what: 'pause' | 'end') =>
  consolePage<Params>({
    params: clientParams,
    async run(req) {
      const { params, therapist, runtime, now } = req;
      const fail = (errors: FieldError[]) =>
        clientsPage(req, { form: `${what}:${params.clientId}`, values: req.form, errors: errorMap(errors) });
      const { form, errors: dateErrors } = datesIn(req.form, ['expectedReturn']);
      if (dateErrors.length) return fail(dateErrors);
      const parsed =
        what === 'pause'
          ? pauseBody.safeParse({
              ...(form.expectedReturn ? { expectedReturn: form.expectedReturn } : {}),
              note: form.note ?? '',
            })
          : noteBody.safeParse({ note: form.note ?? '' });
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      const input = {
        therapistId: therapist.therapistId,
        clientId: params.clientId,
        now,
        ...(parsed.data.note ? { note: parsed.data.note } : {}),
      };
      try {
        const expectedReturn =
          'expectedReturn' in parsed.data && typeof parsed.data.expectedReturn === 'string'
            ? parsed.data.expectedReturn
            : undefined;
        const result =
          what === 'pause'
            ? await pauseClient(runtime, { ...input, ...(expectedReturn ? { expectedReturn } : {}) })
            : await endClient(runtime, input);
        runtime.logger.info(what === 'pause' ? 'client paused' : 'client ended', {
          clientId: params.clientId,
          bookingsInside: result.bookingsInside.length,
          via: 'console',
        });
        return steppedAway(result, therapist.timeZone, what === 'pause' ? 'paused' : 'ended');
      } catch (error) {
        const errors = errorsFrom(error);
        if (!errors) throw error;
        return fail(errors);
      }
    },
  });

export const clientPages = {
  consoleClients: consolePage({ run: (req) => clientsPage(req) }),

  consoleAddClient: consolePage({
    async run(req) {
      const { therapist, runtime, now } = req;
      const fail = (errors: FieldError[]) =>
        clientsPage(req, { form: 'add', values: req.form, errors: errorMap(errors) });
      const { form, errors: dateErrors } = datesIn(req.form, ['expectedReturn', 'firstContactOn', 'lastSessionOn']);
      if (dateErrors.length) return fail(dateErrors);
      const length = wholeNumber(form.sessionLengthMinutes);
      const numberErrors = notWholeNumbers({ sessionLengthMinutes: length }, ['sessionLengthMinutes']);
      if (numberErrors.length) return fail(numberErrors);
      const optionalDate = (f: string) => (form[f]?.trim() ? { [f]: form[f]!.trim() } : {});
      const parsed = addClientBody.safeParse({
        name: form.name ?? '',
        email: form.email ?? '',
        status: form.status ?? '',
        ...(length !== undefined ? { sessionLengthMinutes: length } : {}),
        ...optionalDate('expectedReturn'),
        ...optionalDate('firstContactOn'),
        ...optionalDate('lastSessionOn'),
      });
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      try {
        const client = await addClient(runtime, { therapistId: therapist.therapistId, ...parsed.data, now });
        runtime.logger.info('client added', { clientId: client.clientId, status: client.status, via: 'console' });
      } catch (error) {
        const errors = errorsFrom(error);
        if (!errors) throw error;
        return fail(errors);
      }
      return redirectTo('/console/clients?done=added');
    },
  }),

  consolePauseClient: stepAway('pause'),
  consoleEndClient: stepAway('end'),

  consoleResumeClient: consolePage<Params>({
    params: clientParams,
    async run({ params, therapist, runtime, now }) {
      await resumeClient(runtime, { therapistId: therapist.therapistId, clientId: params.clientId, now });
      return redirectTo('/console/clients?done=resumed');
    },
  }),

  consoleInviteClient: consolePage<Params>({
    params: clientParams,
    async run({ params, therapist, runtime, now }) {
      const invited = await inviteClient(runtime, {
        therapistId: therapist.therapistId,
        clientId: params.clientId,
        now,
      });
      runtime.logger.info('client invited', {
        clientId: params.clientId,
        invitationId: invited.invitationId,
        via: 'console',
      });
      return redirectTo('/console/clients?done=invited');
    },
  }),
};
