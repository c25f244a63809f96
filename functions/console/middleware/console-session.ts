/**
 * Auth on console routes: the session cookie's token verified on every request, and the session it
 * names looked up in the table (shared/store/console-sessions.ts) with the therapist's profile, in
 * parallel: a session signed out, signed out everywhere, or past its 12 hours is not there, so a
 * replayed cookie opens nothing, whatever its token still says. An expired token is refreshed once
 * the session is known to be live; a tampered cookie signs out; a signed-out visit goes to sign-in and
 * back (a POST to the page its form was on). The sign-in routes themselves are passed through.
 */
import type { TherapistProfile } from '#shared/store/therapists.js';
import { clearCookie, sessionSeconds, setCookie } from '../cookies.js';
import { signInFor } from '../return-to.js';
import { csrfToken, parseSession, sessionCookieValue, type Session } from '../session.js';
import type { Verified } from '../sign-in/sign-in-method.js';
import { notSetUpBody, pageOfForm } from './answers.js';
import { Answer, pageResponse, redirect, required, type ConsoleState, type ConsoleMiddleware } from './state.js';

/** The routes the console answers before anyone is signed in. */
export const signInOperations = new Set([
  'consoleSignIn',
  'consoleLocalSignIn',
  'consoleCallback',
  'consoleSignOut',
  'consoleSignedOut',
]);

export const clearAll = (s: ConsoleState): string[] => {
  const names = required(s.names, 'cookie names');
  const policy = required(s.policy, 'cookie policy');
  return [clearCookie(names.session, policy), clearCookie(names.refresh, policy), clearCookie(names.attempt, policy)];
};

/** The cookies of a session, kept by the browser no longer than the session itself lives. */
export function sessionCookies(
  s: ConsoleState,
  session: Session,
  refreshToken: string | undefined,
  maxAgeSeconds = sessionSeconds,
): string[] {
  const names = required(s.names, 'cookie names');
  const policy = required(s.policy, 'cookie policy');
  const age = Math.max(1, Math.min(sessionSeconds, Math.floor(maxAgeSeconds)));
  return [
    setCookie(names.session, sessionCookieValue(session), age, policy),
    ...(refreshToken ? [setCookie(names.refresh, refreshToken, age, policy)] : []),
  ];
}

/** The session's token checked, and its therapist: whose session item to look for. */
export async function verifiedSession(
  s: ConsoleState,
): Promise<{ session: Session; checked: Exclude<Verified, { kind: 'invalid' }> } | undefined> {
  const session = parseSession(required(s.jar, 'cookies').get(required(s.names, 'cookie names').session));
  if (!session) return undefined;
  const checked = await required(s.signIn, 'sign-in method').verify(session.token);
  return checked.kind === 'invalid' ? undefined : { session, checked };
}

type Current =
  | { session: Session; therapistId: string; cookies: string[]; therapist: TherapistProfile | undefined }
  | { signedOut: true; hadCookie: boolean };

/** The session on this request, refreshed if its token expired; signed out unless its item is live. */
async function currentSession(s: ConsoleState): Promise<Current> {
  const signIn = required(s.signIn, 'sign-in method');
  const jar = required(s.jar, 'cookies');
  const names = required(s.names, 'cookie names');
  const runtime = required(s.runtime, 'runtime');
  const now = required(s.now, 'now');
  const hadCookie = jar.has(names.session);
  const found = await verifiedSession(s);
  if (!found) return { signedOut: true, hadCookie };
  const { session, checked } = found;
  const { therapistId } = checked;
  const [live, therapist] = await Promise.all([
    runtime.store.consoleSessions.get(therapistId, session.sid, now),
    runtime.store.therapists.get(therapistId),
  ]);
  if (!live) return { signedOut: true, hadCookie: true };
  if (checked.kind === 'valid') return { session, therapistId, therapist, cookies: [] };
  const refreshToken = jar.get(names.refresh);
  if (!refreshToken) return { signedOut: true, hadCookie: true };
  const renewed = await signIn.refresh(refreshToken);
  if (!renewed) return { signedOut: true, hadCookie: true };
  const again = await signIn.verify(renewed.token);
  // The session belongs to one therapist: a new token for anyone else is no continuation of it.
  if (again.kind !== 'valid' || again.therapistId !== therapistId) return { signedOut: true, hadCookie: true };
  const next = { sid: session.sid, token: renewed.token };
  const left = (Date.parse(live.expiresAt) - now.getTime()) / 1000;
  return { session: next, therapistId, therapist, cookies: sessionCookies(s, next, renewed.refreshToken, left) };
}

export function consoleSession(getPaths: readonly RegExp[]): ConsoleMiddleware {
  return {
    name: 'consoleSession',
    before: async ({ event, context: { console: state } }) => {
      const route = required(state.route, 'route');
      if (signInOperations.has(route.operation)) return;
      const current = await currentSession(state);
      if ('signedOut' in current) {
        // Signed out (or never signed in): to sign-in, and back here afterwards.
        const back = route.method === 'GET' ? required(state.here, 'here') : pageOfForm(event.rawPath, getPaths);
        throw new Answer(redirect(signInFor(back), current.hadCookie ? clearAll(state) : []));
      }
      const { session, cookies, therapist } = current;
      const csrf = csrfToken(session.sid);
      if (!therapist)
        throw new Answer(pageResponse(403, 'Account not set up', notSetUpBody, { displayName: 'you', csrf }, cookies));
      Object.assign(state, { session, cookies, therapist, signedIn: { displayName: therapist.displayName, csrf } });
    },
  };
}
