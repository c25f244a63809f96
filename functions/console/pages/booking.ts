/**
 * One booking: when, with whom, how, and what can be done now. The forms shown are the ones the
 * booking's domain rules would accept at this moment (shared/domain/booking-lifecycle.ts, asked
 * rather than copied); the use cases are those of POST /me/bookings/{id}/confirm, /decline,
 * /cancel and /outcome, with the same schemas.
 */
import type * as z from '#shared/zod.js';
import type { Booking } from '#shared/domain/booking.js';
import { confirmBooking, recordOutcome } from '#shared/domain/booking-lifecycle.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import { cancelBookingAs } from '#shared/use-cases/bookings/cancel-booking.js';
import {
  readTherapistBooking,
  reopenedInvitation,
  type TherapistBookingView,
} from '#shared/use-cases/bookings/list-bookings.js';
import { recordConsultationOutcome } from '#shared/use-cases/bookings/record-outcome.js';
import { respondToBooking } from '#shared/use-cases/bookings/respond-to-booking.js';
import { bookingParams, noteBody, outcomeBody } from '#shared/use-cases/bookings/booking-schemas.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  fieldId,
  noErrors,
  textArea,
  type FormErrors,
} from '../forms.js';
import { appointmentWord, when, whenRange, zoneLabel } from '../words.js';
import { breakFlags } from './bookings.js';

type Params = z.infer<typeof bookingParams>;
type Failed = { form: 'decline' | 'cancel' | 'outcome'; values: Record<string, string>; errors: FormErrors };
const noteLimit = 1000;

/** Whether the domain would allow `change` now: the view carries every field the rule reads. */
function allows(view: TherapistBookingView, change: (b: Booking) => unknown): boolean {
  try {
    change(view as unknown as Booking);
    return true;
  } catch {
    return false;
  }
}

function statusWords(b: TherapistBookingView): string {
  switch (b.status) {
    case 'requested':
      return 'A request: waiting for you to confirm it.';
    case 'confirmed':
      return 'Confirmed.';
    case 'declined':
      return 'You declined this request.';
    case 'expired':
      return 'Released: the request was not answered in time.';
    case 'cancelled':
      return b.cancelledBy === 'client' ? `Cancelled by ${b.client.name}.` : 'Cancelled by you.';
  }
}

function how(b: TherapistBookingView): string {
  switch (b.mode.kind) {
    case 'video':
      return b.mode.link ? `Video call (${b.mode.link})` : 'Video call (you send the link)';
    case 'phone':
      return b.client.phone
        ? `Phone call: you call them on ${b.client.phone}`
        : 'Phone call (you call them; they gave no number, so ask them for one by email)';
    case 'in-person':
      return `In person, at ${b.mode.address}`;
  }
}

const doneWords: Record<string, (name: string) => string> = {
  confirmed: (n) => `Confirmed. ${n} has an email with the details and a calendar invitation.`,
  declined: (n) => `Declined. ${n} has a kind email with a link to choose another time.`,
  cancelled: (n) => `Cancelled. ${n} has an email with your note, and the calendar event is withdrawn.`,
  outcome: () => 'The outcome is recorded.',
};

async function bookingPage(req: ConsoleRequest<Params>, b: TherapistBookingView, failed?: Failed) {
  const { csrf, now, query } = req;
  const zone = b.timeZone;
  const name = b.client.name;
  const { flags } = await breakFlags(req);
  const errors = failed?.errors ?? noErrors;
  const errorsOf = (form: Failed['form']) => (failed?.form === form ? errors : noErrors);
  const value = (form: Failed['form'], field: string) => (failed?.form === form ? (failed.values[field] ?? '') : '');
  const ended = Date.parse(b.end) <= now.getTime();

  const actions: SafeHtml[] = [];
  if (allows(b, (x) => confirmBooking(x, now))) {
    actions.push(html`${actionForm(csrf, `/console/bookings/${b.bookingId}/confirm`, html`<p>${name} will get an email confirming the time, with a calendar invitation.</p><button type="submit" class="primary">Confirm this booking</button>`)}
<details${failed?.form === 'decline' ? html` open` : html``}><summary>Decline the request</summary>
${actionForm(
  csrf,
  `/console/bookings/${b.bookingId}/decline`,
  html`${textArea({ name: 'note', id: 'decline-note', label: `A note to ${name} (optional)`, maxLength: noteLimit, value: value('decline', 'note') }, errorsOf('decline'))}
<p>${name} will get a kind email with a link to choose another time.</p><button type="submit" class="danger">Decline the request</button>`,
  { confirm: `Decline ${name}'s request? They will be told at once.` },
)}</details>`);
  }
  if (b.status === 'confirmed' && !ended) {
    actions.push(html`<details${failed?.form === 'cancel' ? html` open` : html``}><summary>Cancel this appointment</summary>
${actionForm(
  csrf,
  `/console/bookings/${b.bookingId}/cancel`,
  html`${textArea({ name: 'note', id: 'cancel-note', label: `A note to ${name}`, hint: 'Say why, and what happens next. It goes into the email in your words.', maxLength: noteLimit, value: value('cancel', 'note') }, errorsOf('cancel'))}
<p>${name} will get an email with your note, a cancellation for their calendar, and a link to choose another time.</p><button type="submit" class="danger">Cancel the appointment</button>`,
  { confirm: `Cancel the appointment with ${name}? They will be told at once.` },
)}</details>`);
  }
  if (allows(b, (x) => recordOutcome(x, 'continue', now))) {
    const checked = (v: string) => (value('outcome', 'outcome') === v ? html` checked` : html``);
    const outcomeErrors = errorsOf('outcome');
    actions.push(html`<h2>After the first consultation</h2>
${actionForm(
  csrf,
  `/console/bookings/${b.bookingId}/outcome`,
  html`<fieldset id="${fieldId('outcome')}"${outcomeErrors.has('outcome') ? html` aria-describedby="${fieldId('outcome')}-error"` : html``}><legend>How did it go?</legend>
${outcomeErrors.has('outcome') ? html`<p class="error" id="${fieldId('outcome')}-error">${outcomeErrors.get('outcome')}</p>` : html``}
<label class="choice"><input type="radio" name="outcome" value="continue"${checked('continue')}>Continuing: ${name} becomes a client, and you can invite them to book sessions</label>
<label class="choice"><input type="radio" name="outcome" value="not-proceeding"${checked('not-proceeding')}>Not continuing: ${name} gets a kind note with other places to find support</label>
</fieldset>
${textArea({ name: 'note', id: 'outcome-note', label: `A note to ${name} (optional)`, maxLength: noteLimit, value: value('outcome', 'note') }, outcomeErrors)}
<button type="submit" class="primary">Save the outcome</button>`,
)}`);
  }

  // A first consultation that closed (the client cancelled, a request declined or released): their
  // invitation reopens for them while it lasts, so they choose again themselves and there is nothing
  // to send; once it has ended, they write again through the contact page, into the inbox.
  const closedConsultation =
    b.kind === 'consultation' && (b.status === 'cancelled' || b.status === 'declined' || b.status === 'expired');
  const reopened = closedConsultation
    ? await reopenedInvitation(req.runtime, req.therapist.therapistId, b.bookingId, now)
    : undefined;
  const afterwards = closedConsultation
    ? html`<p>${
        reopened
          ? `${name} can choose another time from the invitation they already have, until ${when(reopened.expiresAt, zone)}. There is nothing you need to send.`
          : `The invitation you sent ${name} has ended. If they would like to meet, they can write to you again, and their message will come to your inbox.`
      }</p>`
    : html``;
  const back = `/console/bookings?view=day&date=${b.start.slice(0, 10)}`;
  return showPage({
    ...(failed ? { status: 400 } : {}),
    title: `${appointmentWord(b.kind)} with ${name}`,
    section: 'bookings',
    body: html`<p><a href="${back}">Back to the agenda</a></p>
<h1>${appointmentWord(b.kind)} with ${name}</h1>
${query.done && doneWords[query.done] ? doneMessage(doneWords[query.done]!(name)) : html``}
${failed ? errorSummary(errors, (p) => (p === 'outcome' ? fieldId('outcome') : p === 'note' ? `${failed.form}-note` : undefined)) : html``}
<p><strong>${whenRange(b.start, b.end, zone)}</strong></p>
${flags.has(b.bookingId) ? html`<p class="done">This is inside your break (${flags.get(b.bookingId)!}). Nothing has been cancelled: cancel it with a note, or keep it.</p>` : html``}
<div class="card"><dl>
<dt>Status</dt><dd>${statusWords(b)}</dd>
<dt>How</dt><dd>${how(b)}</dd>
<dt>Email</dt><dd><a href="mailto:${b.client.email}">${b.client.email}</a></dd>
${b.clientTimeZone !== zone ? html`<dt>Their time</dt><dd>${when(b.start, b.clientTimeZone)}</dd>` : html``}
<dt>Requested</dt><dd>${when(b.requestedAt, zone)}</dd>
${b.note ? html`<dt>Your note</dt><dd class="message">${b.note}</dd>` : html``}
${b.clientReason ? html`<dt>Their words</dt><dd class="message">${b.clientReason}</dd>` : html``}
${b.outcome ? html`<dt>Outcome</dt><dd>${b.outcome === 'continue' ? 'Continuing' : 'Not continuing'}</dd>` : html``}
</dl>
${b.enquiryId ? html`<p><a href="/console/enquiries/${b.enquiryId}">Their first enquiry</a></p>` : html``}
</div>
${afterwards}
<p class="muted small">Times are in ${zoneLabel(zone)}.</p>
${actions}`,
  });
}

const read = (req: ConsoleRequest<Params>) =>
  readTherapistBooking(req.runtime, req.therapist.therapistId, req.params.bookingId, req.now);

/** A note form: the schema's errors re-render the page beside the note. */
const withNote = (
  form: 'decline' | 'cancel',
  act: (req: ConsoleRequest<Params>, note: string | undefined) => Promise<unknown>,
  done: string,
) =>
  consolePage<Params>({
    params: bookingParams,
    async run(req) {
      const parsed = noteBody.safeParse({ note: req.form.note ?? '' });
      if (!parsed.success)
        return bookingPage(req, await read(req), {
          form,
          values: req.form,
          errors: errorMap(errorsFrom(parsed.error) ?? []),
        });
      await act(req, parsed.data.note);
      return redirectTo(`/console/bookings/${req.params.bookingId}?done=${done}`);
    },
  });

const me = (req: ConsoleRequest<Params>) => ({
  therapistId: req.therapist.therapistId,
  bookingId: req.params.bookingId,
  now: req.now,
});

export const bookingPages = {
  consoleBooking: consolePage<Params>({ params: bookingParams, run: async (req) => bookingPage(req, await read(req)) }),

  consoleConfirmBooking: consolePage<Params>({
    params: bookingParams,
    async run(req) {
      await respondToBooking(req.runtime, { ...me(req), action: 'confirm' });
      return redirectTo(
        req.form.return === 'agenda'
          ? '/console/bookings?done=confirmed'
          : `/console/bookings/${req.params.bookingId}?done=confirmed`,
      );
    },
  }),

  consoleDeclineBooking: withNote(
    'decline',
    (req, note) => respondToBooking(req.runtime, { ...me(req), action: 'decline', ...(note ? { note } : {}) }),
    'declined',
  ),
  consoleCancelBooking: withNote(
    'cancel',
    (req, note) => cancelBookingAs(req.runtime, { ...me(req), by: 'therapist', ...(note ? { note } : {}) }),
    'cancelled',
  ),

  consoleRecordOutcome: consolePage<Params>({
    params: bookingParams,
    async run(req) {
      const parsed = outcomeBody.safeParse({
        ...(req.form.outcome ? { outcome: req.form.outcome } : {}),
        note: req.form.note ?? '',
      });
      if (!parsed.success)
        return bookingPage(req, await read(req), {
          form: 'outcome',
          values: req.form,
          errors: errorMap(errorsFrom(parsed.error) ?? []),
        });
      await recordConsultationOutcome(req.runtime, {
        ...me(req),
        outcome: parsed.data.outcome,
        ...(parsed.data.note ? { note: parsed.data.note } : {}),
      });
      return redirectTo(`/console/bookings/${req.params.bookingId}?done=outcome`);
    },
  }),
};
