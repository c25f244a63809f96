/**
 * The sign-in state machine: the routes the console answers before anyone is signed in. Starting
 * sets an attempt cookie (state, PKCE verifier, where to return); completing checks the state against
 * it in constant time, opens a session with a new session id, and goes back where the therapist was.
 * The form and its CSRF token have been checked by the middlewares (console-handler.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { ApiEvent } from '#shared/http/api-handler.js';
import { html } from '#shared/http/html.js';
import { attemptSeconds, clearCookie, decodeAttempt, encodeAttempt, sessionSeconds, setCookie } from '../cookies.js';
import { notFoundBody } from '../middleware/answers.js';
import { clearAll, sessionCookies, verifiedSession } from '../middleware/console-session.js';
import { pageResponse, redirect, required, type ConsoleAnswer, type ConsoleState } from '../middleware/state.js';
import { localSignInPage, signedOutPage, signInProblemPage } from '../pages/sign-in-pages.js';
import { safeReturnTo } from '../return-to.js';
import { newSessionId, parseSession, unverifiedSubject } from '../session.js';
import { randomValue } from './pkce.js';
import { SignInFailed, SignOutUnavailable, type SessionTokens } from './sign-in-method.js';

/** A signed-in route of its own, not a page: it ends the sessions the page would be shown in. */
export const signOutEverywhereOperation = 'consoleSignOutEverywhere';

function sameValue(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function queryOf(event: ApiEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

export async function signInRoute(event: ApiEvent, s: ConsoleState): Promise<ConsoleAnswer> {
  const signIn = required(s.signIn, 'sign-in method');
  const route = required(s.route, 'route');
  const jar = required(s.jar, 'cookies');
  const names = required(s.names, 'cookie names');
  const policy = required(s.policy, 'cookie policy');
  const runtime = required(s.runtime, 'runtime');
  const { logger, store } = runtime;
  const now = required(s.now, 'now');
  const query = queryOf(event);
  switch (route.operation) {
    case 'consoleSignIn': {
      const returnTo = safeReturnTo(query.returnTo);
      const current = await verifiedSession(s);
      if (
        current?.checked.kind === 'valid' &&
        (await store.consoleSessions.get(current.checked.therapistId, current.session.sid, now))
      )
        return redirect(returnTo);
      const attempt = { state: randomValue(), verifier: randomValue(), returnTo };
      const attemptCookie = setCookie(names.attempt, encodeAttempt(attempt), attemptSeconds, policy);
      const start = await signIn.start(attempt);
      if (start.kind === 'redirect') return redirect(start.location, [attemptCookie]);
      return pageResponse(200, 'Sign in', localSignInPage(start.therapists, attempt.state), undefined, [attemptCookie]);
    }
    case 'consoleCallback':
    case 'consoleLocalSignIn': {
      const from = route.operation === 'consoleCallback' ? 'callback' : 'form';
      if (signIn.completesAt !== from)
        return from === 'callback' ? redirect('/console/sign-in') : pageResponse(404, 'Not found', notFoundBody);
      const form = from === 'form' ? required(s.form, 'form') : {};
      const attempt = decodeAttempt(jar.get(names.attempt));
      const given = from === 'callback' ? query.state : form.state;
      const clearAttempt = clearCookie(names.attempt, policy);
      if (!attempt || !sameValue(attempt.state, given))
        return pageResponse(
          400,
          'Sign in again',
          signInProblemPage('This sign-in has expired, or it was started in another window. Please sign in again.'),
          undefined,
          [clearAttempt],
        );
      let tokens: SessionTokens;
      try {
        tokens = await signIn.complete({ attempt, query, form });
      } catch (error) {
        if (!(error instanceof SignInFailed)) throw error;
        return pageResponse(error.status, 'Sign in again', signInProblemPage(error.message), undefined, [clearAttempt]);
      }
      const checked = await signIn.verify(tokens.token);
      if (checked.kind !== 'valid')
        return pageResponse(
          403,
          'Sign in again',
          signInProblemPage('We could not confirm this sign-in. Please sign in again.'),
          undefined,
          [clearAttempt],
        );
      // A new session id at every sign-in: a session id planted beforehand is never the one used.
      const session = { sid: newSessionId(), token: tokens.token };
      await store.consoleSessions.put(session.sid, {
        therapistId: checked.therapistId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + sessionSeconds * 1000).toISOString(),
      });
      logger.info('signed in', { via: from });
      return redirect(safeReturnTo(attempt.returnTo), [
        clearAttempt,
        ...sessionCookies(s, session, tokens.refreshToken),
      ]);
    }
    case 'consoleSignOut': {
      // The CSRF token was checked (middleware/csrf.ts) whenever there is a session to end.
      const session = parseSession(jar.get(names.session));
      if (!session) return redirect('/console/signed-out', clearAll(s));
      // The session ends here, whatever the identity provider does: the cookie, replayed, names nothing.
      const therapistId = unverifiedSubject(session.token);
      if (therapistId) await store.consoleSessions.delete(therapistId, session.sid);
      const refreshToken = jar.get(names.refresh);
      const next = await signIn.end(refreshToken ? { refreshToken } : {});
      logger.info('signed out');
      return redirect(next, clearAll(s));
    }
    case 'consoleSignedOut':
      // Only a page: signing out is the POST above (with its CSRF token), so a link from elsewhere cannot sign anyone out.
      return pageResponse(200, 'Signed out', signedOutPage());
    default:
      return pageResponse(404, 'Not found', notFoundBody);
  }
}

/**
 * Sign out everywhere (a lost phone, a shared computer): the identity provider's sign-ins first
 * (Cognito's GlobalSignOut revokes every refresh token), then every console session of this therapist,
 * this one included. If the provider cannot be reached nothing is ended, and the page says to try again.
 * The session and the form's CSRF token have been checked by the middlewares.
 */
export async function signOutEverywhere(s: ConsoleState): Promise<ConsoleAnswer> {
  const signIn = required(s.signIn, 'sign-in method');
  const session = required(s.session, 'session');
  const therapist = required(s.therapist, 'therapist');
  const runtime = required(s.runtime, 'runtime');
  const refreshToken = required(s.jar, 'cookies').get(required(s.names, 'cookie names').refresh);
  let next: string;
  try {
    next = await signIn.endEverywhere({ token: session.token, ...(refreshToken ? { refreshToken } : {}) });
  } catch (error) {
    if (!(error instanceof SignOutUnavailable)) throw error;
    s.outcome = 'sign-out-unavailable';
    return pageResponse(
      503,
      'Try again shortly',
      html`<h1>We could not reach the sign-in service just now</h1><p>Nothing has been signed out yet. Please try again in a minute.</p><p><a href="/console/settings">Back to settings</a></p>`,
      s.signedIn,
      s.cookies ?? [],
    );
  }
  const ended = await runtime.store.consoleSessions.deleteAll(therapist.therapistId);
  runtime.logger.info('signed out everywhere', { sessions: ended });
  return redirect(next, clearAll(s));
}
