/**
 * The pages a person meets first (docs/voice-and-privacy.md): /contact/{therapistId} to write a first message and
 * /contact/{therapistId}/return to come back after a break. Each says who reads the message, by when
 * they reply, that the message is optional and private, and where to find help now, before anything
 * is sent. Links are relative, so a base path in front of the API keeps working.
 */
import type { CrisisSupport } from '#shared/config.js';
import type { NewClientPolicy } from '#shared/domain/new-clients.js';
import { otherHelp } from '#shared/email/templates/voice.js';
import { html, page, type SafeHtml } from '../html.js';
import {
  checkbox,
  errorSummary,
  formStyles,
  honeypot,
  radioGroup,
  textArea,
  textField,
  type FormState,
} from './form-fields.js';
import { helpNow, helpNowStyles } from './help-now.js';

export type ContactKind = 'first' | 'return';

export interface ContactPageData {
  kind: ContactKind;
  therapistId: string;
  therapistName: string;
  /** How sentences name the therapist: "Sam". */
  shortName: string;
  /** "Thursday 6 March": the day the therapist will have replied by, in their zone. */
  replyBy: string;
  crisis: CrisisSupport;
  /** The deployment's privacy notice, or undefined for the built-in one at /privacy. */
  privacyNoticeUrl?: string | undefined;
  consentVersion: string;
  /** First contact only: whether the therapist takes new clients (open when absent). */
  newClients?: NewClientPolicy;
  /** Set when the therapist no longer takes messages here at all (ops disabled them). */
  notTakingMessages?: true;
}

/** Field lengths, as the JSON API's schemas bound them. */
export interface ContactLimits {
  name: number;
  email: number;
  phone: number;
  message: number;
  timePreferences: number;
}

export const contactStyles = `${formStyles}${helpNowStyles}
.lead{font-size:1.05rem}
ol.next{padding-left:1.25rem}ol.next li{margin:.25rem 0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
`;

/** Where the page's links and form lead, relative to where it is. */
function links(d: Pick<ContactPageData, 'kind' | 'therapistId' | 'privacyNoticeUrl'>) {
  const id = encodeURIComponent(d.therapistId);
  const atFirst = d.kind === 'first';
  return {
    action: atFirst ? id : 'return',
    first: atFirst ? id : `../${id}`,
    back: atFirst ? `${id}/return` : 'return',
    privacy: d.privacyNoticeUrl ?? (atFirst ? '../privacy' : '../../privacy'),
  };
}

/** Words that differ between first contact and coming back. */
function words(d: ContactPageData) {
  const name = d.shortName;
  return d.kind === 'first'
    ? {
        title: `Write to ${d.therapistName}`,
        lead: `You can send ${name} a first message here. It can be short, and only ${name} will read it.`,
        other: html`<p>Have you seen ${name} before and would like to come back? <a href="${links(d).back}">Write to ${name} about coming back</a> instead.</p>`,
        button: 'Send my message',
      }
    : {
        title: `Get back in touch with ${d.therapistName}`,
        lead: `If you have seen ${name} before and would like to come back, you can let ${name} know here. Only ${name} will read your message.`,
        other: html`<p>Writing to ${name} for the first time? <a href="${links(d).first}">Use the first message form</a> instead.</p>`,
        button: 'Send my message',
      };
}

export const contactFieldOrder = [
  'name',
  'email',
  'phone',
  'preferredContact',
  'message',
  'timePreferences',
  'consent',
] as const;

function fields(d: ContactPageData, state: FormState, limits: ContactLimits): SafeHtml {
  const name = d.shortName;
  const privacy = html`The privacy notice says what happens to the details you send. <a href="${links(d).privacy}" target="_blank" rel="noopener">Read the privacy notice (opens in a new tab)</a>.`;
  const common = {
    name: textField(state, {
      name: 'name',
      label: 'Your name',
      hint: `Or the name you would like ${name} to use.`,
      attributes: html` type="text" autocomplete="name" maxlength="${limits.name}" required`,
    }),
    email: textField(state, {
      name: 'email',
      label: 'Your email address',
      hint: `${name} will reply to this address.`,
      attributes: html` type="email" autocomplete="email" spellcheck="false" maxlength="${limits.email}" required`,
    }),
    consent: checkbox(state, {
      name: 'consent',
      label: 'I have read the privacy notice and I agree to it.',
      hint: privacy,
    }),
  };
  if (d.kind === 'return') {
    return html`${common.name}${common.email}
${textArea(state, { name: 'message', label: 'Your message (optional)', hint: 'Anything you would like to say about coming back. You do not have to explain.', rows: 5, attributes: html` maxlength="${limits.message}"` })}
${common.consent}`;
  }
  return html`${common.name}${common.email}
${textField(state, { name: 'phone', label: 'Your phone number (optional)', attributes: html` type="tel" autocomplete="tel" maxlength="${limits.phone}"` })}
${radioGroup(state, {
  name: 'preferredContact',
  legend: `How would you like ${name} to get in touch?`,
  choices: [
    { value: 'email', label: 'By email' },
    { value: 'phone', label: 'By phone (please add your number above)' },
  ],
  chosen: 'email',
})}
${textArea(state, { name: 'message', label: 'Your message (optional)', hint: `A few words about what you are looking for, if you like. You do not have to say why you are getting in touch.`, rows: 6, attributes: html` maxlength="${limits.message}"` })}
${textField(state, { name: 'timePreferences', label: 'Times that suit you (optional)', hint: 'For example, the days and the times of day that are easiest for you.', attributes: html` type="text" maxlength="${limits.timePreferences}"` })}
${common.consent}`;
}

/** Shown above a form that could not be sent just now (a rate limit): calm, with when to send again. */
export interface FormNotice {
  heading: string;
  text: string;
}

const expectedWait = (p: NewClientPolicy): string =>
  p.expectedWaitWeeks
    ? ` The wait is likely to be about ${p.expectedWaitWeeks} ${p.expectedWaitWeeks === 1 ? 'week' : 'weeks'}, though it may change.`
    : '';

/** The steps after sending: as always, or, when the therapist is full, the waiting list's. */
function nextSteps(d: ContactPageData): SafeHtml {
  const name = d.shortName;
  if (d.newClients?.status === 'waiting-list')
    return html`<h2>${name} is full just now</h2>
<p>${name} has no space for new clients at the moment, so your message will put you on ${name}'s waiting list.${expectedWait(d.newClients)}</p>
${d.newClients.note ? html`<p>A note from ${name}: ${d.newClients.note}</p>` : html``}
<h2>What happens next</h2>
<ol class="next">
<li>We email you straight away, so you know you are on the list.</li>
<li>Now and then we check in with you by email. You can leave the list at any time with one link.</li>
<li>When a place opens, ${name} will invite you to choose a time to talk.</li>
</ol>`;
  return html`<h2>What happens next</h2>
<ol class="next">
<li>We email you straight away, so you know your message arrived.</li>
<li>${name} reads it and replies to you personally by ${d.replyBy}.</li>
<li>${d.kind === 'first' ? `If you would both like to go on, ${name} will invite you to choose a time to talk.` : `${name} will let you know what happens next, such as a link to choose a time.`}</li>
</ol>`;
}

/** A therapist who is not taking new clients: no form, where else to look, and help now. */
export function notTakingClientsPage(d: ContactPageData): string {
  const title = `${d.therapistName} is not taking new clients just now`;
  return page(
    title,
    html`<h1>${title}</h1>
<p class="lead">${d.shortName} does not have space for new clients at the moment, so there is no form to send here. This is about how much time ${d.shortName} has.</p>
${d.newClients?.note ? html`<p>A note from ${d.shortName}: ${d.newClients.note}</p>` : html``}
<p>${otherHelp}</p>
<p>Have you seen ${d.shortName} before and would like to come back? <a href="${links(d).back}">Write to ${d.shortName} about coming back</a>.</p>
${helpNow(d.crisis)}`,
    { styles: contactStyles },
  );
}

/**
 * A therapist who no longer takes messages here: no form, nothing sent, where else to turn and help
 * now. It says nothing about why, which is the therapist's own business.
 */
export function notTakingMessagesPage(d: Pick<ContactPageData, 'therapistName' | 'shortName' | 'crisis'>): string {
  const title = `${d.therapistName} is not taking messages here`;
  return page(
    title,
    html`<h1>${title}</h1>
<p class="lead">${d.shortName} is not taking messages through this page now, so there is no form to send here. Nothing you write here would reach ${d.shortName}.</p>
<p>If you already know ${d.shortName}, you can use the other ways you have of getting in touch.</p>
<p>${otherHelp}</p>
${helpNow(d.crisis)}`,
    { styles: contactStyles },
  );
}

export function contactFormPage(
  d: ContactPageData,
  state: FormState,
  limits: ContactLimits,
  notice?: FormNotice,
): string {
  if (d.notTakingMessages) return notTakingMessagesPage(d);
  if (d.newClients?.status === 'closed') return notTakingClientsPage(d);
  const w = words(d);
  const hasErrors = Object.keys(state.errors).length > 0;
  return page(
    `${hasErrors ? 'Error: ' : ''}${w.title}`,
    html`${notice ? html`<div class="notice" role="alert" id="form-notice" tabindex="-1" autofocus><h2>${notice.heading}</h2><p>${notice.text}</p></div>` : html``}
${errorSummary(state, contactFieldOrder)}
<h1>${w.title}</h1>
<p class="lead">${w.lead}</p>
${w.other}
${nextSteps(d)}
<p>What you write is private. Only ${d.shortName} can read it, and it is never put in an email.</p>
${helpNow(d.crisis)}
<h2>Your message</h2>
<form method="post" action="${links(d).action}" novalidate>
${fields(d, state, limits)}
<input type="hidden" name="consentVersion" value="${d.consentVersion}">
${honeypot('website')}
<button type="submit">${w.button}</button>
</form>`,
    { styles: contactStyles },
  );
}

/**
 * After sending: the same page for every outcome (a new message, the same person again within the
 * day, a bot), as the JSON API answers them all the same; for a return, whoever sent it.
 */
export function contactAnswerPage(d: ContactPageData, joinedWaitingList = false): string {
  if (joinedWaitingList) {
    const title = `You are on ${d.therapistName}'s waiting list`;
    return page(
      title,
      html`<h1>${title}</h1>
<p class="lead">Thank you for writing. ${d.shortName} is full just now, so you are on the waiting list.${d.newClients ? expectedWait(d.newClients) : ''} When a place opens, ${d.shortName} will invite you to choose a time to talk.</p>
<p>We have also sent you an email that says so, with a link to leave the list at any time. If you cannot see it, it may be in your spam or junk folder.</p>
<p>You do not need to do anything else. You can close this page.</p>
${helpNow(d.crisis)}`,
      { styles: contactStyles },
    );
  }
  const title = `${d.therapistName} has your message`;
  return page(
    title,
    html`<h1>${title}</h1>
<p class="lead">Thank you for writing. ${d.shortName} will read your message and reply to you personally by ${d.replyBy}.</p>
<p>We have also sent you an email so you know it arrived. If you cannot see it, it may be in your spam or junk folder.</p>
<p>You do not need to do anything else. You can close this page.</p>
${helpNow(d.crisis)}`,
    { styles: contactStyles },
  );
}

/** An address with no therapist behind it: a kind 404 with the deployment's crisis lines. */
export function therapistNotFoundPage(crisis: CrisisSupport): string {
  return page(
    'We could not find this page',
    html`<h1>We could not find this page</h1>
<p>The link may be out of date, or part of it may be missing. Please check the address, or go back to the place where you found it and try the link again.</p>
${helpNow(crisis)}`,
    { styles: contactStyles },
  );
}
