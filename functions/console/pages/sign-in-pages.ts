/** The pages around signing in: the local stack's therapist list, a sign-in that did not finish, and signed out. */
import { html, type SafeHtml } from '#shared/http/html.js';

/**
 * Local stack only: one form, one button per therapist (the field `therapistId`), and the sign-in's
 * state as the form's CSRF token. In AWS this page is Cognito's managed login.
 */
export function localSignInPage(
  therapists: readonly { therapistId: string; displayName: string }[],
  state: string,
): SafeHtml {
  return html`<h1>Sign in</h1>
<p>This is the local stack: choose who to sign in as. In AWS, this is where Cognito asks for your email address, password and the code from your authenticator app.</p>
<form method="post" action="/console/sign-in">
<input type="hidden" name="state" value="${state}">
<ul class="items">${therapists.map(
    (t, i) =>
      html`<li><button type="submit" name="therapistId" value="${t.therapistId}"${i === 0 ? html` class="primary"` : html``}>Sign in as ${t.displayName}</button> <span class="muted small">${t.therapistId}</span></li>`,
  )}</ul>
</form>`;
}

export const signInProblemPage = (message: string): SafeHtml =>
  html`<h1>Please sign in again</h1><p>${message}</p><p><a class="button primary" href="/console/sign-in">Sign in</a></p>`;

export const signedOutPage = (): SafeHtml =>
  html`<h1>You are signed out</h1><p>Nobody using this browser can open your console until you sign in again. You can close this window.</p><p><a class="button" href="/console/sign-in">Sign in again</a></p>`;
