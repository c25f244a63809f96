/**
 * The pages a waiting person's links open: a question with one button (the GET never acts), the
 * answer, and kind pages for a link that was used, has expired, or meets a list they are no longer
 * on. Plain words (docs/voice-and-privacy.md); every value escaped by `html`.
 */
import type { CrisisLine } from '#shared/config.js';
import { formatDateTime, formatDay } from '#shared/email/format-time.js';
import { otherHelp } from '#shared/email/templates/voice.js';
import { html, page, type SafeHtml } from '#shared/http/html.js';
import type { WaitingLinkAnswered, WaitingLinkView, WaitingState } from '#shared/use-cases/waiting-list/answer-link.js';

const crisisBlock = (lines: CrisisLine[]): SafeHtml =>
  html`<p>If you need support now, you do not have to wait:</p><ul>${lines.map((l) => html`<li>${l.name}: ${l.detail}</li>`)}</ul>`;

/** `seen` goes back with the press, so the answer acts only on what this page showed. */
const button = (label: string, seen: 'waiting' | 'offered'): SafeHtml =>
  html`<form method="post"><input type="hidden" name="seen" value="${seen}"><p class="muted">Nothing happens until you press the button.</p><button type="submit">${label}</button></form>`;

function offListPage(name: string, crisisLines: CrisisLine[], lead?: string): string {
  return page(
    'Not on the waiting list',
    html`<h1>You are no longer on ${name}'s waiting list</h1>
${lead ? html`<p>${lead}</p>` : html``}
<p>There is nothing you need to do. If you would like support later, you are welcome to write to ${name} again. ${otherHelp}</p>
${crisisBlock(crisisLines)}`,
  );
}

const chosenTimePage = (name: string, lead?: string): string =>
  page(
    'You have chosen a time',
    html`<h1>You have chosen a time with ${name}</h1>
${lead ? html`<p>${lead}</p>` : html``}
<p>You do not need to do anything here. The email about your time has a link to change or cancel it.</p>`,
  );

function offeredLine(name: string, state: Extract<WaitingState, { kind: 'offered' }>, zone: string): SafeHtml {
  return html`<p>${name} offered you a place on ${formatDay(state.offeredAt, zone)}. The email ${name} sent has a link to choose a time. It stays open until ${formatDateTime(state.offerEndsAt, zone)}.</p>`;
}

/** The question a link asks, for the state the person is in now. `lead` says why the page is shown again. */
export function waitingLinkPage(view: WaitingLinkView, crisisLines: CrisisLine[], lead?: string): string {
  const name = view.therapist.displayName;
  const zone = view.therapist.timeZone;
  const { state } = view;
  const leadLine = lead ? html`<p>${lead}</p>` : html``;
  if (state.kind === 'off-the-list') return offListPage(name, crisisLines, lead);
  if (state.kind === 'offered' && state.chosenTime) return chosenTimePage(name, lead);
  if (view.purpose === 'stay') {
    if (state.kind === 'offered')
      return page(
        'Your place on the waiting list',
        html`<h1>You are still on ${name}'s waiting list</h1>${leadLine}${offeredLine(name, state, zone)}`,
      );
    return page(
      'Keep your place?',
      html`<h1>Keep your place on ${name}'s waiting list?</h1>
${leadLine}
<p>You are still on the list. Press the button to let ${name} know you would like to keep your place.</p>
${button('Keep my place', 'waiting')}`,
    );
  }
  return page(
    'Leave the waiting list?',
    html`<h1>Leave ${name}'s waiting list?</h1>
${leadLine}
${state.kind === 'offered' ? html`${offeredLine(name, state, zone)}<p>If you leave, ${name} can offer the place to someone else.</p>` : html``}
<p>If you leave, ${name} will not contact you about a place. You will get an email to confirm it. You do not need to give a reason, and you are welcome to write again later.</p>
${button('Leave the waiting list', state.kind)}`,
  );
}

export function waitingAnsweredPage(done: WaitingLinkAnswered, crisisLines: CrisisLine[]): string {
  const name = done.therapist.displayName;
  const { state } = done;
  if (done.purpose === 'leave' && state.kind === 'off-the-list' && state.closedAs === 'left')
    return page(
      'You have left the waiting list',
      html`<h1>You have left ${name}'s waiting list</h1>
<p>An email is on its way to confirm it. If you would like support later, you are welcome to write to ${name} again. ${otherHelp}</p>
${crisisBlock(crisisLines)}`,
    );
  if (state.kind === 'off-the-list') return offListPage(name, crisisLines);
  const next =
    state.kind === 'waiting' && state.nextCheckInAt
      ? html` ${name} will check in with you again around ${formatDay(state.nextCheckInAt, done.therapist.timeZone)}.`
      : html``;
  return page(
    'Your place is kept',
    html`<h1>Thank you. Your place is kept</h1><p>You are still on ${name}'s waiting list.${next} You can close this page.</p>`,
  );
}

/** A link that was used, has expired or never worked: what to do instead, and help meanwhile. */
export function waitingLinkProblemPage(reason: 'used' | 'expired' | 'invalid', crisisLines: CrisisLine[]): string {
  const title = {
    used: 'This link has already been used',
    expired: 'This link has expired',
    invalid: 'This link does not work',
  }[reason];
  return page(
    title,
    html`<h1>${title}</h1>
<p>If you still want to keep your place or leave the waiting list, please use the link in your most recent email about it. Nothing has changed on the list because of this page.</p>
${crisisBlock(crisisLines)}`,
  );
}
