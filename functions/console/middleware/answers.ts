/** The console's own kind pages, shared by its middlewares and the sign-in routes. */
import { html, type SafeHtml } from '#shared/http/html.js';
import { consoleHome } from '../return-to.js';

export const notFoundBody = html`<h1>We could not find that</h1><p>It may have been removed, or the link may belong to another account. Your <a href="/console">inbox</a> has everything that is waiting for you.</p>`;

export const notSetUpBody = html`<h1>Your account is not set up yet</h1><p>You signed in, but there is no practice linked to this account. Please ask whoever runs Threshold for your practice to finish setting it up (docs/operations.md, "Creating a therapist").</p>`;

export const csrfBody = (back: string): SafeHtml =>
  html`<h1>Please try that again</h1><p>This form was older than your current sign-in, so nothing was done. <a href="${back}">Open the page again</a> and send it from there.</p>`;

export function titleFor(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 409) return 'Already changed';
  if (status === 410) return 'No longer available';
  if (status === 429) return 'Please wait';
  return 'Please check';
}

export function problemBody(status: number, detail: string, back: string): SafeHtml {
  if (status === 404) return notFoundBody;
  const heading =
    status === 409
      ? 'This has already changed'
      : status === 410
        ? 'This is no longer available'
        : 'That could not be done';
  return html`<h1>${heading}</h1><p>${detail}</p><p><a href="${back}">Back to the page</a></p>`;
}

/** A POST that finds no session goes to sign-in and back to the page its form was on. */
export function pageOfForm(path: string, getPaths: readonly RegExp[]): string {
  const page = path.replace(/\/[^/]+$/, '');
  return getPaths.some((p) => p.test(page)) ? page : consoleHome;
}
