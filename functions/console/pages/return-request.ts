/**
 * One request to come back after a break: the person's message, the history of the work together,
 * and the reply: welcome them back (an invitation to book a session directly) or decline kindly.
 * The same use case as POST /me/returns/{id}/accept and /decline.
 */
import type * as z from '#shared/zod.js';
import type { Client } from '#shared/domain/client.js';
import { NotFound } from '#shared/domain/errors.js';
import { invitationExpiresAt } from '#shared/domain/invitation.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import { loadClient } from '#shared/use-cases/clients/client-break.js';
import { readReturn, type ReturnView } from '#shared/use-cases/returns/list-returns.js';
import { respondToReturn } from '#shared/use-cases/returns/respond-to-return.js';
import { readSettings } from '#shared/use-cases/scheduling/settings.js';
import { noteBody, returnParams } from '#shared/use-cases/clients/client-schemas.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  noErrors,
  textArea,
  type FormErrors,
} from '../forms.js';
import { clientStanding, dateInWords, day, duration, when } from '../words.js';
import { returnAccepted } from '#shared/email/templates/return-accepted.js';
import { returnDeclined } from '#shared/email/templates/return-declined.js';
import { emailPreview, noteMarker, previewBookingUrl } from './email-preview.js';

type Params = z.infer<typeof returnParams>;
type Action = 'accept' | 'decline';
const noteLimit = 1000;

/**
 * The work together, every row from one state: the client as they stand now (their record), with the
 * first contact and last session the request's history found. A client who is active again shows no
 * break; a break's length is said only while there is one and it has lasted a day or more.
 */
function history(r: ReturnView, client: Client | undefined, zone: string): SafeHtml {
  const h = r.history;
  const status = client?.status ?? h.clientStatus;
  const now = client ?? h;
  const away = status === 'active' ? undefined : h.breakLengthDays;
  return html`<dl>
<dt>Now</dt><dd>${clientStanding(status)}</dd>
${h.firstContactAt ? html`<dt>First contact</dt><dd>${day(h.firstContactAt, zone)}</dd>` : html``}
${h.lastSessionAt ? html`<dt>Last session</dt><dd>${day(h.lastSessionAt, zone)}</dd>` : html``}
${status === 'paused' && now.pausedAt ? html`<dt>On a break since</dt><dd>${day(now.pausedAt, zone)}</dd>` : html``}
${status === 'paused' && now.expectedReturn ? html`<dt>Expected back</dt><dd>${dateInWords(now.expectedReturn)}</dd>` : html``}
${status === 'ended' && now.endedAt ? html`<dt>Work ended</dt><dd>${day(now.endedAt, zone)}</dd>` : html``}
${away !== undefined && away >= 1 ? html`<dt>Time away</dt><dd>${duration(away)}</dd>` : html``}
</dl>`;
}

async function returnPage(
  req: ConsoleRequest<Params>,
  r: ReturnView,
  failed?: { action: Action; note: string; errors: FormErrors },
) {
  const { therapist, csrf, runtime, now, query } = req;
  const zone = therapist.timeZone;
  const settings = runtime.config.settings;
  const name = r.name;
  const errors = failed?.errors ?? noErrors;
  const note = (action: Action) => (failed?.action === action ? failed.note : '');
  const statusLine =
    r.status === 'accepted'
      ? html`You welcomed ${name} back${r.respondedAt ? ` on ${when(r.respondedAt, zone)}` : ''}. They have an email with a link to book a session.`
      : html`You declined${r.respondedAt ? ` on ${when(r.respondedAt, zone)}` : ''}. ${name} has a kind reply with other places to find support.`;

  // The client as they stand now; an erased one is gone, and the request's own history is all there is.
  const client = await loadClient(runtime, therapist.therapistId, r.clientId).catch((error: unknown) => {
    if (error instanceof NotFound) return undefined;
    throw error;
  });
  let reply: SafeHtml;
  if (r.status !== 'pending') reply = query.done ? html`` : html`<p class="done">${statusLine}</p>`;
  else {
    const { settings: practice } = await readSettings(runtime, therapist.therapistId);
    const minutes = client?.sessionLengthMinutes ?? practice.sessionLengthMinutes;
    reply = html`<h2>Your reply</h2>
${errorSummary(errors, (p) => (p === 'note' && failed ? `${failed.action}-note` : undefined))}
${actionForm(
  csrf,
  `/console/returns/${r.returnId}/accept`,
  html`${textArea({ name: 'note', id: 'accept-note', label: `A note to ${name} (optional)`, hint: 'It goes into the email in your words, under your name.', maxLength: noteLimit, value: note('accept') }, failed?.action === 'accept' ? errors : noErrors)}
<p>${name} will get an email inviting them to book a ${minutes}-minute session directly, with no first consultation.</p>
<button type="submit" class="primary">Welcome ${name} back</button>`,
)}
${emailPreview(
  {
    template: returnAccepted,
    therapistId: therapist.therapistId,
    data: {
      clientName: name,
      therapistName: therapist.displayName,
      note: noteMarker,
      bookingUrl: previewBookingUrl(settings),
      invitationExpiresAt: invitationExpiresAt(now, settings.invitationTtlDays).toISOString(),
      durationMinutes: minutes,
      timeZone: zone,
    },
  },
  settings,
  name,
  `The email ${name} will receive if you welcome them back`,
)}
<details${failed?.action === 'decline' ? html` open` : html``}><summary>Decline instead</summary>
${actionForm(
  csrf,
  `/console/returns/${r.returnId}/decline`,
  html`${textArea({ name: 'note', id: 'decline-note', label: `A note to ${name} (optional)`, maxLength: noteLimit, value: note('decline') }, failed?.action === 'decline' ? errors : noErrors)}
<p>${name} will get a kind reply from you, with other places to find support.</p>
<button type="submit" class="danger">Decline kindly</button>`,
  { confirm: `Decline ${name}'s request to come back? They will get a kind reply at once.` },
)}
${emailPreview({ template: returnDeclined, therapistId: therapist.therapistId, data: { clientName: name, therapistName: therapist.displayName, note: noteMarker } }, settings, name, `The email ${name} will receive if you decline`)}
</details>`;
  }

  return showPage({
    ...(failed ? { status: 400 } : {}),
    title: `${name} would like to come back`,
    section: 'inbox',
    body: html`<p><a href="/console">Back to the inbox</a></p>
<h1>${name} would like to come back</h1>
${r.status !== 'pending' && query.done ? doneMessage(statusLine) : html``}
<p class="muted">Received ${when(r.receivedAt, zone)}. <a href="mailto:${r.email}">${r.email}</a></p>
<h2>Their message</h2>
${r.message ? html`<div class="message">${r.message}</div>` : html`<p class="muted">They did not write a message.</p>`}
<h2>Your work together</h2>
<div class="card">${history(r, client, zone)}</div>
${r.note ? html`<h2>Your note to them</h2><div class="message">${r.note}</div>` : html``}
${reply}`,
  });
}

const respond = (action: Action) =>
  consolePage<Params>({
    params: returnParams,
    async run(req) {
      const { therapist, params, form, now, runtime } = req;
      const parsed = noteBody.safeParse({ note: form.note ?? '' });
      if (!parsed.success) {
        const r = await readReturn(runtime, therapist.therapistId, params.returnId, now);
        return returnPage(req, r, { action, note: form.note ?? '', errors: errorMap(errorsFrom(parsed.error) ?? []) });
      }
      const answered = await respondToReturn(runtime, {
        therapistId: therapist.therapistId,
        returnId: params.returnId,
        action,
        now,
        ...(parsed.data.note ? { note: parsed.data.note } : {}),
      });
      runtime.logger.info('return answered', { returnId: params.returnId, status: answered.status, via: 'console' });
      return redirectTo(`/console/returns/${params.returnId}?done=${answered.status}`);
    },
  });

export const returnPages = {
  consoleReturn: consolePage<Params>({
    params: returnParams,
    run: async (req) =>
      returnPage(req, await readReturn(req.runtime, req.therapist.therapistId, req.params.returnId, req.now)),
  }),
  consoleAcceptReturn: respond('accept'),
  consoleDeclineReturn: respond('decline'),
};
