/**
 * Auth on console routes: the session cookie's token verified on every request, refreshed when it
 * has expired, signed out when it is tampered with; a signed-out visit goes to sign-in and back
 * (a POST to the page its form was on). The sign-in routes themselves are passed through.
 */
import { clearCookie, sessionSeconds, setCookie } from '../cookies.js';
import { signInFor } from '../return-to.js';
import { csrfToken, parseSession, sessionCookieValue, type Session } from '../session.js';
import { notSetUpBody, pageOfForm } from './answers.js';
import { Answer, pageResponse, redirect, required, type ConsoleState, type ConsoleMiddleware } from './state.js';

/** The routes the console answers before anyone is signed in. */
export const signInOperations = new Set(['consoleSignIn', 'consoleLocalSignIn', 'consoleCallback', 'consoleSignOut', 'consoleSignedOut']);

export const clearAll = (s: ConsoleState): string[] => {
  const names = required(s.names, 'cookie names');
  const policy = required(s.policy, 'cookie policy');
  return [clearCookie(names.session, policy), clearCookie(names.refresh, policy), clearCookie(names.attempt, policy)];
};

export function sessionCookies(s: ConsoleState, session: Session, refreshToken: string | undefined): string[] {
  const names = required(s.names, 'cookie names');
  const policy = required(s.policy, 'cookie policy');
  return [setCookie(names.session, sessionCookieValue(session), sessionSeconds, policy), ...(refreshToken ? [setCookie(names.refresh, refreshToken, sessionSeconds, policy)] : [])];
}

type Current = { session: Session; therapistId: string; cookies: string[] } | { signedOut: true; hadCookie: boolean };

/** The session on this request, refreshed if its token expired. */
async function currentSession(s: ConsoleState): Promise<Current> {
  const signIn = required(s.signIn, 'sign-in method');
  const jar = required(s.jar, 'cookies');
  const names = required(s.names, 'cookie names');
  const raw = jar.get(names.session);
  const session = parseSession(raw);
  if (!session) return { signedOut: true, hadCookie: raw !== undefined };
  const checked = await signIn.verify(session.token);
  if (checked.kind === 'valid') return { session, therapistId: checked.therapistId, cookies: [] };
  if (checked.kind === 'invalid') return { signedOut: true, hadCookie: true };
  const refreshToken = jar.get(names.refresh);
  if (!refreshToken) return { signedOut: true, hadCookie: true };
  const renewed = await signIn.refresh(refreshToken);
  if (!renewed) return { signedOut: true, hadCookie: true };
  const again = await signIn.verify(renewed.token);
  if (again.kind !== 'valid') return { signedOut: true, hadCookie: true };
  const next = { sid: session.sid, token: renewed.token };
  return { session: next, therapistId: again.therapistId, cookies: sessionCookies(s, next, renewed.refreshToken) };
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
      const { session, therapistId, cookies } = current;
      const csrf = csrfToken(session.sid);
      const runtime = required(state.runtime, 'runtime');
      const therapist = await runtime.store.therapists.get(therapistId);
      if (!therapist) throw new Answer(pageResponse(403, 'Account not set up', notSetUpBody, { displayName: 'you', csrf }, cookies));
      Object.assign(state, { session, cookies, therapist, signedIn: { displayName: therapist.displayName, csrf } });
    },
  };
}
