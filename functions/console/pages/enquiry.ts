/**
 * One enquiry: the person's message and time preferences (only ever shown here, behind sign-in), and
 * the reply: accept with a note (an invitation to book a first consultation) or decline kindly. The
 * same use case as POST /me/enquiries/{id}/accept and /decline, the same note schema.
 */
import type * as z from '#shared/zod.js';
import type { Enquiry } from '#shared/domain/enquiry.js';
import { invitationExpiresAt } from '#shared/domain/invitation.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import { createConsultationInvitation } from '#shared/use-cases/invitations/consultation-invitation.js';
import { readEnquiry } from '#shared/use-cases/enquiries/read-enquiries.js';
import { respondToEnquiry } from '#shared/use-cases/enquiries/respond-to-enquiry.js';
import { enquiryParams, respondBody } from '#shared/use-cases/enquiries/enquiry-schemas.js';
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
import { enquiryAccepted } from '#shared/email/templates/enquiry-accepted.js';
import { enquiryDeclined } from '#shared/email/templates/enquiry-declined.js';
import { emailPreview, noteMarker, previewBookingUrl } from './email-preview.js';
import { when } from '../words.js';

type Params = z.infer<typeof enquiryParams>;
type Action = 'accept' | 'decline';

const noteLimit = 1000;

const answered: Record<string, (e: Enquiry, zone: string) => SafeHtml> = {
  accepted: (e, zone) =>
    html`You accepted this enquiry${e.closedAt ? ` on ${when(e.closedAt, zone)}` : ''}. ${e.name} has an email inviting them to choose a time for a first consultation.`,
  declined: (e, zone) =>
    html`You declined this enquiry${e.closedAt ? ` on ${when(e.closedAt, zone)}` : ''}. ${e.name} has a kind reply with other places to find support.`,
  expired: (e) => html`This enquiry closed because it had no reply in time. ${e.name} was told kindly.`,
  withdrawn: (e) => html`${e.name} withdrew this enquiry.`,
};

function enquiryPage(
  req: ConsoleRequest<Params>,
  enquiry: Enquiry,
  failed?: { action: Action; note: string; errors: FormErrors },
) {
  const { therapist, csrf, runtime, now, query } = req;
  const zone = therapist.timeZone;
  const settings = runtime.config.settings;
  const name = enquiry.name;
  const errors = failed?.errors ?? noErrors;
  const note = (action: Action) => (failed?.action === action ? failed.note : '');
  const done = query.done === 'accepted' || query.done === 'declined';
  const status = answered[enquiry.status];

  // After an answer, what happened comes first on the page; later visits show it where the reply was.
  const outcome = status
    ? done
      ? doneMessage(status(enquiry, zone))
      : html`<p class="done">${status(enquiry, zone)}</p>`
    : html``;
  const reply = status
    ? html``
    : html`<h2>Your reply</h2>
${errorSummary(errors, (p) => (p === 'note' && failed ? `${failed.action}-note` : undefined))}
${actionForm(
  csrf,
  `/console/enquiries/${enquiry.enquiryId}/accept`,
  html`${textArea({ name: 'note', id: 'accept-note', label: `A note to ${name} (optional)`, hint: 'It goes into the email in your words, under your name.', maxLength: noteLimit, value: note('accept') }, failed?.action === 'accept' ? errors : noErrors)}
<p>${name} will get an email from you inviting them to choose a time for a first consultation.</p>
<button type="submit" class="primary">Accept and invite ${name} to book</button>`,
)}
${emailPreview(
  {
    template: enquiryAccepted,
    therapistId: therapist.therapistId,
    data: {
      clientName: name,
      therapistName: therapist.displayName,
      timeZone: zone,
      note: noteMarker,
      bookingUrl: previewBookingUrl(settings),
      invitationExpiresAt: invitationExpiresAt(now, settings.invitationTtlDays).toISOString(),
    },
  },
  settings,
  name,
  `The email ${name} will receive if you accept`,
)}
<details${failed?.action === 'decline' ? html` open` : html``}><summary>Decline instead</summary>
${actionForm(
  csrf,
  `/console/enquiries/${enquiry.enquiryId}/decline`,
  html`${textArea({ name: 'note', id: 'decline-note', label: `A note to ${name} (optional)`, hint: 'A decline is about fit or capacity, never about the person.', maxLength: noteLimit, value: note('decline') }, failed?.action === 'decline' ? errors : noErrors)}
<p>${name} will get a kind reply from you, with other places to find support.</p>
<button type="submit" class="danger">Decline kindly</button>`,
  { confirm: `Decline the enquiry from ${name}? They will get a kind reply at once.` },
)}
${emailPreview({ template: enquiryDeclined, therapistId: therapist.therapistId, data: { clientName: name, therapistName: therapist.displayName, note: noteMarker } }, settings, name, `The email ${name} will receive if you decline`)}
</details>`;

  return showPage({
    ...(failed ? { status: 400 } : {}),
    title: `Enquiry from ${name}`,
    section: 'inbox',
    body: html`<p><a href="/console">Back to the inbox</a></p>
<h1>Enquiry from ${name}</h1>
${done ? outcome : html``}
<p class="muted">Received ${when(enquiry.receivedAt, zone)}.</p>
<div class="card"><dl>
<dt>Email</dt><dd><a href="mailto:${enquiry.email}">${enquiry.email}</a></dd>
${enquiry.phone ? html`<dt>Phone</dt><dd>${enquiry.phone}</dd>` : html``}
<dt>Prefers</dt><dd>${enquiry.preferredContact === 'phone' ? 'A phone call' : 'A reply by email'}</dd>
<dt>Consent</dt><dd>Agreed to privacy notice version ${enquiry.consent.version}</dd>
</dl></div>
<h2>Their message</h2>
${enquiry.message ? html`<div class="message">${enquiry.message}</div>` : html`<p class="muted">They did not write a message.</p>`}
${enquiry.timePreferences ? html`<h2>Times that suit them</h2><div class="message">${enquiry.timePreferences}</div>` : html``}
${enquiry.note ? html`<h2>Your note to them</h2><div class="message">${enquiry.note}</div>` : html``}
${done ? html`` : outcome}
${reply}`,
  });
}

const respond = (action: Action) =>
  consolePage<Params>({
    params: enquiryParams,
    async run(req) {
      const { therapist, params, form, now, runtime } = req;
      const parsed = respondBody.safeParse({ note: form.note ?? '' });
      if (!parsed.success) {
        const enquiry = await readEnquiry(runtime, therapist.therapistId, params.enquiryId, now);
        return enquiryPage(req, enquiry, {
          action,
          note: form.note ?? '',
          errors: errorMap(errorsFrom(parsed.error) ?? []),
        });
      }
      await respondToEnquiry(
        runtime,
        {
          therapistId: therapist.therapistId,
          enquiryId: params.enquiryId,
          action,
          now,
          ...(parsed.data.note ? { note: parsed.data.note } : {}),
        },
        { createConsultationInvitation },
      );
      runtime.logger.info('enquiry response', { action, via: 'console' });
      return redirectTo(`/console/enquiries/${params.enquiryId}?done=${action === 'accept' ? 'accepted' : 'declined'}`);
    },
  });

export const enquiryPages = {
  consoleEnquiry: consolePage<Params>({
    params: enquiryParams,
    run: async (req) =>
      enquiryPage(req, await readEnquiry(req.runtime, req.therapist.therapistId, req.params.enquiryId, req.now)),
  }),
  consoleAcceptEnquiry: respond('accept'),
  consoleDeclineEnquiry: respond('decline'),
};
