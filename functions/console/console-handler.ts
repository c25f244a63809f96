/**
 * The console Lambda's stack: route by API Gateway's routeKey, read the session cookie and verify
 * its token on every request (refreshing an expired one, signing out a tampered one), answer a
 * signed-out visit with 303 to sign-in and back, check the CSRF token on every POST, run one page,
 * and wrap it in the console frame with the security headers and a fresh CSP nonce. Domain errors
 * become pages with the status the JSON API would give (shared/http/problem.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import { routeKey, routesOf, type Route } from '../../shared/manifest/routes.js';
import type { ApiEvent, ApiResponse } from '../../shared/http/api-handler.js';
import { maxBodyBytes } from '../../shared/http/api-handler.js';
import { html, type SafeHtml } from '../../shared/http/html.js';
import { problemFromError } from '../../shared/http/problem.js';
import { getRuntime, type Runtime } from '../../shared/runtime.js';
import { getTherapist } from '../../shared/store/therapists.js';
import type { ConsolePages, ConsoleResult, PageView } from './console-page.js';
import { attemptSeconds, clearCookie, cookieNames, cookiePolicy, decodeAttempt, encodeAttempt, readCookies, sessionSeconds, setCookie, type CookieNames, type CookiePolicy } from './cookies.js';
import { consoleFrame } from './layout.js';
import { consoleHome, safeReturnTo, signInFor } from './return-to.js';
import { csrfMatches, csrfToken, newSessionId, parseSession, sessionCookieValue, type Session } from './session.js';
import { randomValue } from './sign-in/pkce.js';
import { SignInFailed, type SignInMethod, type SessionTokens } from './sign-in/sign-in-method.js';
import { SessionCheckUnavailable } from './sign-in/verified.js';
import { localSignInPage, signedOutPage, signInProblemPage } from './pages/sign-in-pages.js';

/** The routes the console answers before anyone is signed in. */
const signInOperations = new Set(['consoleSignIn', 'consoleLocalSignIn', 'consoleCallback', 'consoleSignOut', 'consoleSignedOut']);

interface Response {
  status: number;
  body?: string;
  location?: string;
  cookies: string[];
}

interface RequestState {
  event: ApiEvent;
  route: Route;
  runtime: Runtime;
  policy: CookiePolicy;
  names: CookieNames;
  jar: Map<string, string>;
  now: Date;
  /** Path and query of this request: where to come back to after signing in. */
  here: string;
  nonce: string;
  formOrigins: readonly string[];
}

class Answer extends Error {
  constructor(readonly response: Response) {
    super('answered');
  }
}

const redirect = (location: string, cookies: string[] = []): Response => ({ status: 303, location, cookies });

function securityHeaders(nonce: string, formOrigins: readonly string[], https: boolean): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'content-security-policy': [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
      "img-src 'self'",
      // Signing out ends in Cognito's /logout: a form's redirect must be allowed to go there.
      `form-action 'self'${formOrigins.map((o) => ` ${o}`).join('')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** A POST that finds no session goes to sign-in and back to the page its form was on. */
function pageOfForm(path: string, getPaths: readonly RegExp[]): string {
  const page = path.replace(/\/[^/]+$/, '');
  return getPaths.some((p) => p.test(page)) ? page : consoleHome;
}

function readForm(event: ApiEvent): Record<string, string> {
  const raw = event.body === undefined || event.body === null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > maxBodyBytes)
    throw new Answer(pageResponse(413, 'Too much to send', html`<h1>That was too much to send at once</h1><p>Please shorten what you wrote and try again.</p>`));
  if (raw.trim() === '') return {};
  const type = (Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded')
    throw new Answer(pageResponse(415, 'Not a form', html`<h1>This address takes a form</h1><p>Please use the form on the page.</p>`));
  const form: Record<string, string> = {};
  // The first of repeated fields counts, as a browser sends each field once.
  for (const [k, v] of new URLSearchParams(raw)) if (!(k in form)) form[k] = v;
  return form;
}

// The frame is filled in by respond(); a bare page here carries its view only.
const pendingViews = new WeakMap<Response, PageView & { signedIn?: { displayName: string; csrf: string } }>();
function pageResponse(status: number, title: string, body: SafeHtml, signedIn?: { displayName: string; csrf: string }, cookies: string[] = [], section?: PageView['section']): Response {
  const response: Response = { status, cookies };
  pendingViews.set(response, { title, body, ...(signedIn ? { signedIn } : {}), ...(section ? { section } : {}) });
  return response;
}

export interface ConsoleHandlerOptions {
  /** Made once, at the first request: the Cognito one reads its configuration from the environment. */
  signIn: () => SignInMethod | Promise<SignInMethod>;
  pages: ConsolePages;
}

export function createConsoleHandler(options: ConsoleHandlerOptions) {
  const routes = new Map<string, Route>(routesOf('console').map((r) => [routeKey(r), r]));
  for (const route of routes.values())
    if (!signInOperations.has(route.operation) && !options.pages[route.operation]) throw new Error(`The console has no page ${route.operation}`);
  const getPaths = routesOf('console')
    .filter((r) => r.method === 'GET')
    .map((r) => new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`));

  let method: Promise<SignInMethod> | undefined;
  const signInMethod = (): Promise<SignInMethod> => {
    method ??= Promise.resolve().then(options.signIn);
    method.catch(() => (method = undefined));
    return method;
  };

  async function handle(event: ApiEvent, runtime: Runtime): Promise<ApiResponse> {
    const started = performance.now();
    const nonce = randomBytes(16).toString('base64');
    const publicBaseUrl = runtime.config.settings.publicBaseUrl;
    const policy = cookiePolicy(publicBaseUrl);
    const route = routes.get(event.routeKey);
    let formOrigins: readonly string[] = [];
    let response: Response;
    let outcome = 'ok';
    try {
      if (!route) throw new Answer(pageResponse(404, 'Not found', notFoundBody));
      const signIn = await signInMethod();
      formOrigins = signIn.formOrigins;
      const state: RequestState = {
        event,
        route,
        runtime,
        policy,
        names: cookieNames(policy),
        jar: readCookies(event.cookies),
        now: new Date(event.requestContext.timeEpoch),
        here: `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`,
        nonce,
        formOrigins,
      };
      response = signInOperations.has(route.operation) ? await signInRoute(state, signIn) : await signedInRoute(state, signIn);
    } catch (error) {
      if (error instanceof Answer) response = error.response;
      else if (error instanceof SessionCheckUnavailable) {
        outcome = 'session-check-unavailable';
        response = pageResponse(503, 'Try again shortly', html`<h1>We could not check your sign-in just now</h1><p>Nothing has changed. Please reload this page in a minute.</p>`);
      } else {
        outcome = 'error';
        runtime.logger.error('unhandled error', { errorName: error instanceof Error ? error.name : typeof error, stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined });
        response = pageResponse(500, 'Something went wrong', html`<h1>Something went wrong on our side</h1><p>Please try again in a moment. If you were sending a form, look at the page again first: it may have gone through.</p>`);
      }
    }
    if (outcome === 'ok' && response.status >= 400) outcome = String(response.status);
    runtime.logger.info('request', { route: event.routeKey, status: response.status, outcome, ms: Math.round(performance.now() - started), requestId: event.requestContext.requestId });
    return finish(response, nonce, formOrigins, publicBaseUrl.startsWith('https:'));
  }

  function finish(response: Response, nonce: string, formOrigins: readonly string[], https: boolean): ApiResponse {
    const headers = securityHeaders(nonce, formOrigins, https);
    const view = pendingViews.get(response);
    const body = response.body ?? (view ? consoleFrame({ ...view, nonce }) : undefined);
    return {
      statusCode: response.status,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'text/html; charset=utf-8' } : {}), ...(response.location ? { location: response.location } : {}) },
      ...(response.cookies.length ? { cookies: response.cookies } : {}),
      ...(body !== undefined ? { body } : {}),
    };
  }

  const clearAll = (s: RequestState): string[] => [clearCookie(s.names.session, s.policy), clearCookie(s.names.refresh, s.policy), clearCookie(s.names.attempt, s.policy)];

  /** Signed out (or never signed in): to sign-in, and back here afterwards. */
  function toSignIn(s: RequestState, clear: boolean): Response {
    const back = s.route.method === 'GET' ? s.here : pageOfForm(s.event.rawPath, getPaths);
    return redirect(signInFor(back), clear ? clearAll(s) : []);
  }

  /** The session on this request, refreshed if its token expired; undefined when there is none that works. */
  async function currentSession(s: RequestState, signIn: SignInMethod): Promise<{ session: Session; therapistId: string; cookies: string[] } | { signedOut: true; hadCookie: boolean }> {
    const raw = s.jar.get(s.names.session);
    const session = parseSession(raw);
    if (!session) return { signedOut: true, hadCookie: raw !== undefined };
    const checked = await signIn.verify(session.token);
    if (checked.kind === 'valid') return { session, therapistId: checked.therapistId, cookies: [] };
    if (checked.kind === 'invalid') return { signedOut: true, hadCookie: true };
    const refreshToken = s.jar.get(s.names.refresh);
    if (!refreshToken) return { signedOut: true, hadCookie: true };
    const renewed = await signIn.refresh(refreshToken);
    if (!renewed) return { signedOut: true, hadCookie: true };
    const again = await signIn.verify(renewed.token);
    if (again.kind !== 'valid') return { signedOut: true, hadCookie: true };
    const next = { sid: session.sid, token: renewed.token };
    return { session: next, therapistId: again.therapistId, cookies: sessionCookies(s, next, renewed.refreshToken) };
  }

  function sessionCookies(s: RequestState, session: Session, refreshToken: string | undefined): string[] {
    return [setCookie(s.names.session, sessionCookieValue(session), sessionSeconds, s.policy), ...(refreshToken ? [setCookie(s.names.refresh, refreshToken, sessionSeconds, s.policy)] : [])];
  }

  async function signedInRoute(s: RequestState, signIn: SignInMethod): Promise<Response> {
    const current = await currentSession(s, signIn);
    if ('signedOut' in current) return toSignIn(s, current.hadCookie);
    const { session, therapistId, cookies } = current;
    const csrf = csrfToken(session.sid);
    const therapist = await getTherapist(s.runtime.db, s.runtime.config.tableName, therapistId);
    if (!therapist) return pageResponse(403, 'Account not set up', notSetUpBody, { displayName: 'you', csrf }, cookies);
    const signedIn = { displayName: therapist.displayName, csrf };

    let form: Record<string, string> = {};
    if (s.route.method === 'POST') {
      form = readForm(s.event);
      const { csrf: given, ...rest } = form;
      if (!csrfMatches(session.sid, given)) return pageResponse(403, 'Please try again', csrfBody(pageOfForm(s.event.rawPath, getPaths)), signedIn, cookies);
      form = rest;
    }

    const page = options.pages[s.route.operation]!;
    let params: unknown = {};
    if (page.params) {
      const parsed = page.params.safeParse(s.event.pathParameters ?? {});
      if (!parsed.success) return pageResponse(404, 'Not found', notFoundBody, signedIn, cookies);
      params = parsed.data;
    }
    let result: ConsoleResult;
    try {
      result = await page.run({ therapist, params, query: queryOf(s.event), form, now: s.now, csrf, runtime: s.runtime });
    } catch (error) {
      const mapped = problemFromError(error);
      if (!mapped) throw error;
      return pageResponse(mapped.problem.status, titleFor(mapped.problem.status), problemBody(mapped.problem.status, mapped.problem.detail, pageOfForm(s.event.rawPath, getPaths)), signedIn, cookies);
    }
    if (result.kind === 'redirect') return redirect(safeReturnTo(result.location), cookies);
    return pageResponse(result.status ?? 200, result.title, result.body, signedIn, cookies, result.section);
  }

  async function signInRoute(s: RequestState, signIn: SignInMethod): Promise<Response> {
    const query = queryOf(s.event);
    switch (s.route.operation) {
      case 'consoleSignIn': {
        const returnTo = safeReturnTo(query.returnTo);
        const current = parseSession(s.jar.get(s.names.session));
        if (current && (await signIn.verify(current.token)).kind === 'valid') return redirect(returnTo);
        const attempt = { state: randomValue(), verifier: randomValue(), returnTo };
        const attemptCookie = setCookie(s.names.attempt, encodeAttempt(attempt), attemptSeconds, s.policy);
        const start = await signIn.start(attempt);
        if (start.kind === 'redirect') return redirect(start.location, [attemptCookie]);
        return pageResponse(200, 'Sign in', localSignInPage(start.therapists, attempt.state), undefined, [attemptCookie]);
      }
      case 'consoleCallback':
      case 'consoleLocalSignIn': {
        const from = s.route.operation === 'consoleCallback' ? 'callback' : 'form';
        if (signIn.completesAt !== from) return from === 'callback' ? redirect('/console/sign-in') : pageResponse(404, 'Not found', notFoundBody);
        const form = from === 'form' ? readForm(s.event) : {};
        const attempt = decodeAttempt(s.jar.get(s.names.attempt));
        const given = from === 'callback' ? query.state : form.state;
        const clearAttempt = clearCookie(s.names.attempt, s.policy);
        if (!attempt || !sameValue(attempt.state, given))
          return pageResponse(400, 'Sign in again', signInProblemPage('This sign-in has expired, or it was started in another window. Please sign in again.'), undefined, [clearAttempt]);
        let tokens: SessionTokens;
        try {
          tokens = await signIn.complete({ attempt, query, form });
        } catch (error) {
          if (!(error instanceof SignInFailed)) throw error;
          return pageResponse(error.status, 'Sign in again', signInProblemPage(error.message), undefined, [clearAttempt]);
        }
        const checked = await signIn.verify(tokens.token);
        if (checked.kind !== 'valid') return pageResponse(403, 'Sign in again', signInProblemPage('We could not confirm this sign-in. Please sign in again.'), undefined, [clearAttempt]);
        // A new session id at every sign-in: a session id planted beforehand is never the one used.
        const session = { sid: newSessionId(), token: tokens.token };
        s.runtime.logger.info('signed in', { via: from });
        return redirect(safeReturnTo(attempt.returnTo), [clearAttempt, ...sessionCookies(s, session, tokens.refreshToken)]);
      }
      case 'consoleSignOut': {
        const form = readForm(s.event);
        const session = parseSession(s.jar.get(s.names.session));
        if (!session) return redirect('/console/signed-out', clearAll(s));
        // Without the token, another site could sign a therapist out by posting here.
        if (!csrfMatches(session.sid, form.csrf)) return pageResponse(403, 'Please try again', csrfBody(consoleHome));
        const refreshToken = s.jar.get(s.names.refresh);
        const next = await signIn.end(refreshToken ? { refreshToken } : {});
        s.runtime.logger.info('signed out');
        return redirect(next, clearAll(s));
      }
      case 'consoleSignedOut':
        // Only a page: signing out is the POST above (with its CSRF token), so a link from elsewhere cannot sign anyone out.
        return pageResponse(200, 'Signed out', signedOutPage());
      default:
        return pageResponse(404, 'Not found', notFoundBody);
    }
  }

  return middy<ApiEvent, ApiResponse>().handler((event) => handle(event, getRuntime()));
}

function sameValue(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function queryOf(event: ApiEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

const notFoundBody = html`<h1>We could not find that</h1><p>It may have been removed, or the link may belong to another account. Your <a href="/console">inbox</a> has everything that is waiting for you.</p>`;

const notSetUpBody = html`<h1>Your account is not set up yet</h1><p>You signed in, but there is no practice linked to this account. Please ask whoever runs Threshold for your practice to finish setting it up (docs/operations.md, "Creating a therapist").</p>`;

const csrfBody = (back: string): SafeHtml =>
  html`<h1>Please try that again</h1><p>This form was older than your current sign-in, so nothing was done. <a href="${back}">Open the page again</a> and send it from there.</p>`;

function titleFor(status: number): string {
  if (status === 404) return 'Not found';
  if (status === 409) return 'Already changed';
  if (status === 410) return 'No longer available';
  if (status === 429) return 'Please wait';
  return 'Please check';
}

function problemBody(status: number, detail: string, back: string): SafeHtml {
  if (status === 404) return notFoundBody;
  const heading = status === 409 ? 'This has already changed' : status === 410 ? 'This is no longer available' : 'That could not be done';
  return html`<h1>${heading}</h1><p>${detail}</p><p><a href="${back}">Back to the page</a></p>`;
}
