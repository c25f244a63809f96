/**
 * Breaks: plan one (the dates close at once; bookings already inside come back flagged), see where
 * its notice and welcome back stand, who has not booked again afterwards (each can be sent one
 * reminder), and delete it. The use cases and schemas of POST/GET/DELETE /me/breaks.
 */
import * as z from '#shared/zod.js';
import { StateConflict } from '#shared/domain/errors.js';
import { maxBreakMessageLength } from '#shared/domain/therapist-break.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import type { FieldError } from '#shared/http/problem.js';
import type { BreakView } from '#shared/use-cases/breaks/break-view.js';
import { createBreak } from '#shared/use-cases/breaks/create-break.js';
import { deleteBreak } from '#shared/use-cases/breaks/delete-break.js';
import { listTherapistBreaks } from '#shared/use-cases/breaks/list-breaks.js';
import { remindClientAfterBreak } from '#shared/use-cases/breaks/remind-client.js';
import { breakParams, createBreakBody, remindBody } from '#shared/use-cases/breaks/break-schemas.js';
import { consolePage, redirectTo, showPage, type ConsoleRequest } from '../console-page.js';
import {
  actionForm,
  dateField,
  datesIn,
  doneMessage,
  errorMap,
  errorsFrom,
  errorSummary,
  inputField,
  noErrors,
  textArea,
  type FormErrors,
} from '../forms.js';
import { appointmentWord, day, when } from '../words.js';

type BreakParams = z.infer<typeof breakParams>;

const dueOrSent = (due: string, sent: string | undefined, zone: string, planned: string, done: string): string =>
  sent ? `${done} ${day(sent, zone)}.` : `${planned} ${day(due, zone)}.`;

function breakCard(b: BreakView, csrf: string, highlight: boolean): SafeHtml {
  const zone = b.timeZone;
  const wb = b.welcomeBack;
  return html`<section class="card" aria-labelledby="break-${b.breakId}">
<h2 id="break-${b.breakId}">${b.when.replace(/^from /, 'From ').replace(/^on /, 'On ')} <span class="tag${b.status === 'current' ? ' attention' : ''}">${b.status === 'current' ? 'Now' : 'Planned'}</span></h2>
${b.message ? html`<p>Your message to clients:</p><div class="message">${b.message}</div>` : html``}
<p>${dueOrSent(b.notice.dueAt, b.notice.sentAt, zone, 'Your active clients get a short notice on', `${b.notice.clients} client${b.notice.clients === 1 ? '' : 's'} had the notice on`)}</p>
<p>${dueOrSent(wb.dueAt, wb.sentAt, zone, 'Clients with no booking after the break are invited back on', `${wb.invited} client${wb.invited === 1 ? ' was' : 's were'} invited back on`)}</p>
${
  b.bookingsInside.length
    ? html`<h3>Bookings inside this break</h3>
<p${highlight ? html` class="done"` : html``}>Nothing has been cancelled. Cancel each with a note, or keep it.</p>
<ul class="items">${b.bookingsInside.map(
        (bk) =>
          html`<li><a href="/console/bookings/${bk.bookingId}"><bdi>${bk.client.name}</bdi></a>: ${appointmentWord(bk.kind)}, ${when(bk.start, zone)} <span class="tag attention">Inside your break</span></li>`,
      )}</ul>`
    : html`<p class="muted">No bookings fall inside it.</p>`
}
${
  wb.notRebooked
    ? html`<h3>Not booked again yet</h3>
${
  wb.notRebooked.length
    ? html`<ul class="items">${wb.notRebooked.map(
        (c) =>
          html`<li><bdi>${c.name}</bdi> ${
            c.reminded
              ? html`<span class="tag">Reminder sent</span>`
              : actionForm(
                  csrf,
                  `/console/breaks/${b.breakId}/reminders`,
                  html`<input type="hidden" name="clientId" value="${c.clientId}"><button type="submit">Send ${c.name} the one reminder</button>`,
                )
          }</li>`,
      )}</ul>`
    : html`<p>Everyone you invited back has booked.</p>`
}`
    : html``
}
<details><summary>Delete this break</summary>
<p>The dates open for booking again at once. Clients who already had the notice get a short correction.</p>
${actionForm(csrf, `/console/breaks/${b.breakId}/delete`, html`<button type="submit" class="danger">Delete the break ${b.when}</button>`, { confirm: `Delete the break ${b.when}? The dates open again at once.` })}
</details>
</section>`;
}

const doneWords: Record<string, string> = {
  planned: 'Your break is planned, and its dates are closed for new bookings.',
  deleted: 'The break is deleted. Its dates are open for booking again.',
  reminded: 'The reminder is on its way.',
};

async function breaksPage(
  req: ConsoleRequest<unknown>,
  failed?: { values: Readonly<Record<string, string>>; errors: FormErrors },
) {
  const { therapist, runtime, now, csrf, query } = req;
  const { items } = await listTherapistBreaks(runtime, therapist.therapistId, now);
  const e = failed?.errors ?? noErrors;
  const v = failed?.values ?? {};
  const newest =
    query.done === 'planned' ? [...items].sort((a, b) => b.breakId.localeCompare(a.breakId))[0]?.breakId : undefined;
  const body = html`<h1>Breaks</h1>
${query.done && doneWords[query.done] ? doneMessage(doneWords[query.done]!) : html``}
${failed ? errorSummary(e) : html``}
${items.length ? items.map((b) => breakCard(b, csrf, b.breakId === newest)) : html`<p>No breaks are planned.</p>`}
<h2>Plan a break</h2>
<p>Both dates are part of the break, in your time zone. The dates close for new bookings at once; your clients hear about it ahead of time, and are invited back before it ends.</p>
${actionForm(
  csrf,
  '/console/breaks',
  html`${dateField({ name: 'start', label: 'First day of the break', hint: 'For example, 3 August 2027.', values: v }, e)}
${dateField({ name: 'end', label: 'Last day of the break', values: v }, e)}
${textArea({ name: 'message', label: 'A message for your clients (optional)', hint: 'It goes into the notice, in your words.', maxLength: maxBreakMessageLength, value: v.message ?? '' }, e)}
<button type="submit" class="primary">Plan this break</button>`,
)}`;
  return showPage({ ...(failed ? { status: 400 } : {}), title: 'Breaks', section: 'breaks', body });
}

export const breakPages = {
  consoleBreaks: consolePage({ run: (req) => breaksPage(req) }),

  consolePlanBreak: consolePage({
    async run(req) {
      const { therapist, runtime, now } = req;
      const fail = (errors: FieldError[]) => breaksPage(req, { values: req.form, errors: errorMap(errors) });
      const { form, errors: dateErrors } = datesIn(req.form, ['start', 'end']);
      if (dateErrors.length) return fail(dateErrors);
      const parsed = createBreakBody.safeParse({
        start: form.start ?? '',
        end: form.end ?? '',
        message: form.message ?? '',
      });
      if (!parsed.success) return fail(errorsFrom(parsed.error) ?? []);
      try {
        const created = await createBreak(runtime, {
          therapistId: therapist.therapistId,
          start: parsed.data.start,
          end: parsed.data.end,
          ...(parsed.data.message ? { message: parsed.data.message } : {}),
          now,
        });
        runtime.logger.info('break created', {
          breakId: created.breakId,
          bookingsInside: created.bookingsInside.length,
          via: 'console',
        });
      } catch (error) {
        // An overlap is about the dates typed: say it beside them.
        if (error instanceof StateConflict) return fail([{ path: 'start', message: error.message }]);
        const errors = errorsFrom(error);
        if (!errors) throw error;
        return fail(errors);
      }
      return redirectTo('/console/breaks?done=planned');
    },
  }),

  consoleDeleteBreak: consolePage<BreakParams>({
    params: breakParams,
    async run({ params, therapist, runtime, now }) {
      await deleteBreak(runtime, { therapistId: therapist.therapistId, breakId: params.breakId, now });
      return redirectTo('/console/breaks?done=deleted');
    },
  }),

  consoleRemindAfterBreak: consolePage<BreakParams>({
    params: breakParams,
    async run({ params, form, therapist, runtime, now }) {
      const parsed = remindBody.safeParse({ clientId: form.clientId ?? '' });
      // The button carries the id: a bad one names no client of this break.
      if (!parsed.success) return redirectTo('/console/breaks');
      await remindClientAfterBreak(runtime, {
        therapistId: therapist.therapistId,
        breakId: params.breakId,
        clientId: parsed.data.clientId,
        now,
      });
      return redirectTo('/console/breaks?done=reminded');
    },
  }),
};
