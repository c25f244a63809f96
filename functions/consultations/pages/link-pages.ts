/**
 * What a booking or manage link shows when it cannot be used: kind words with the same status a JSON
 * client would get (401 not valid, 410 expired or used, 404 nothing there). Never blames the reader.
 */
import { LinkGone, LinkInvalid, NotFound } from '../../../shared/domain/errors.js';
import { html, page } from '../../../shared/http/html.js';
import type { HttpResult } from '../../../shared/http/operation.js';

export type LinkKind = 'book' | 'manage';

const invalid = (kind: LinkKind): string =>
  page(
    'This link is not working',
    html`<h1>This link is not working</h1>
<p>Part of the link may have been lost when it was copied. Please open it again from your most recent email${kind === 'book' ? ' inviting you to choose a time' : ' about your appointment'}.</p>`,
  );

const expired = (kind: LinkKind): string =>
  kind === 'book'
    ? page(
        'This invitation has closed',
        html`<h1>This invitation has closed</h1>
<p>Invitations to choose a time stay open for a while and then close. If you would still like an appointment, please get in touch with the person who invited you. They will be glad to hear from you.</p>`,
      )
    : page(
        'This appointment has passed',
        html`<h1>This appointment has passed</h1>
<p>This link worked until the end of the appointment, so there is nothing left to change here. If you would like to arrange another time, please get in touch with your therapist directly.</p>`,
      );

const notFound = (): string =>
  page('We could not find that appointment', html`<h1>We could not find that appointment</h1><p>Please open the link again from your most recent email about it.</p>`);

/** The page for a link error, or undefined when the error is something else (the caller rethrows it). */
export function linkErrorPage(error: unknown, kind: LinkKind): HttpResult | undefined {
  if (error instanceof LinkInvalid) return { status: 401, html: invalid(kind) };
  if (error instanceof LinkGone) return { status: 410, html: expired(kind) };
  if (error instanceof NotFound) return { status: 404, html: notFound() };
  return undefined;
}
