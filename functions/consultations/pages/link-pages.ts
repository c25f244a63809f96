/**
 * What a booking or manage link shows when it cannot be used: kind words with the same status a JSON
 * client would get (401 not valid, 410 expired or used, 404 nothing there). Never blames the reader;
 * always says how to reach the therapist (their contact page, where the link says who they are) and
 * carries the crisis lines — theirs when known, the deployment's otherwise.
 */
import { deploymentCrisisSupport } from '#shared/config.js';
import { LinkGone, LinkInvalid, NotFound } from '#shared/domain/errors.js';
import { html, page, type SafeHtml } from '#shared/http/html.js';
import type { HttpResult } from '#shared/http/operation.js';
import { helpNow, helpNowStyles } from '#shared/http/pages/help-now.js';
import type { Runtime } from '#shared/runtime.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import { crisisSupportOf } from '#shared/store/index.js';

export type LinkKind = 'book' | 'manage';

/** The way from the page's address up to the API's root ("../" from /book/TOKEN, "../../" from /manage/TOKEN/cancel). */
export type ToRoot = '../' | '../../';

const styles = `${helpNowStyles}a{color:#0a50a8}`;

function writeAgain(therapist: TherapistProfile | undefined, toRoot: ToRoot, lead: string): SafeHtml {
  if (!therapist)
    return html`<p>If it still does not work, please get in touch with your counsellor or therapist another way, for example through their website. They will be glad to send you a new link.</p>`;
  return html`<p>${lead} you can <a href="${toRoot}contact/${therapist.therapistId}">write to ${therapist.displayName}</a>. They will be glad to hear from you.</p>`;
}

function linkPage(runtime: Runtime, title: string, body: SafeHtml, therapist: TherapistProfile | undefined): string {
  const crisis = therapist
    ? crisisSupportOf(therapist, runtime.config.settings)
    : deploymentCrisisSupport(runtime.config.settings);
  return page(title, html`<h1>${title}</h1>${body}${helpNow(crisis)}`, { styles });
}

const fromEmail = (kind: LinkKind): string =>
  kind === 'book' ? 'inviting you to choose a time' : 'about your appointment';

/** The page for a link error, or undefined when the error is something else (the caller rethrows it). */
export async function linkErrorPage(
  runtime: Runtime,
  error: unknown,
  kind: LinkKind,
  toRoot: ToRoot,
): Promise<HttpResult | undefined> {
  if (error instanceof LinkInvalid) {
    const body = html`<p>Part of the link may have been lost when it was copied. Please open it again from your most recent email ${fromEmail(kind)}.</p>${writeAgain(undefined, toRoot, '')}`;
    return { status: 401, html: linkPage(runtime, 'This link is not working', body, undefined) };
  }
  if (error instanceof LinkGone) {
    const therapist = error.therapistId ? await runtime.store.therapists.get(error.therapistId) : undefined;
    const [title, body] =
      kind === 'book'
        ? [
            'This invitation has closed',
            html`<p>Invitations to choose a time stay open for a while and then close.</p>${writeAgain(therapist, toRoot, 'If you would still like an appointment,')}`,
          ]
        : [
            'This appointment has passed',
            html`<p>This link worked until the end of the appointment, so there is nothing left to change here.</p>${writeAgain(therapist, toRoot, 'If you would like to arrange another time,')}`,
          ];
    return { status: 410, html: linkPage(runtime, title, body, therapist) };
  }
  if (error instanceof NotFound) {
    const body = html`<p>Please open the link again from your most recent email ${fromEmail(kind)}.</p>${writeAgain(undefined, toRoot, '')}`;
    return { status: 404, html: linkPage(runtime, 'We could not find that appointment', body, undefined) };
  }
  return undefined;
}
