/**
 * What the console pipeline's middlewares hand each other and the page: `request.context.console`,
 * where middy's convention puts what a handler reads. Made fresh for each invocation by console-log.ts;
 * functions/console/console-handler.ts lists the middlewares in the order a request meets them.
 */
import type { MiddlewareObj, Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Route } from '#shared/manifest/routes.js';
import type { ApiEvent, ApiResponse } from '#shared/http/api-handler.js';
import type { SafeHtml } from '#shared/http/html.js';
import type { Runtime } from '#shared/runtime.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { PageView } from '../console-page.js';
import type { CookieNames, CookiePolicy } from '../cookies.js';
import type { Session } from '../session.js';
import type { SignInMethod } from '../sign-in/sign-in-method.js';

export interface SignedIn {
  displayName: string;
  csrf: string;
}

/** An answer before the frame and headers: console-response.ts fills in the frame around `view`. */
export interface ConsoleAnswer {
  status: number;
  body?: string;
  location?: string;
  cookies: string[];
  view?: PageView & { signedIn?: SignedIn };
}

export type ConsoleState = {
  runtime?: Runtime;
  started?: number;
  outcome?: string;
  /** A fresh CSP nonce for each answer. */
  nonce?: string;
  /** Where forms may post besides this origin (the sign-in method's, known once it is made). */
  formOrigins?: readonly string[];
  https?: boolean;
  route?: Route;
  signIn?: SignInMethod;
  policy?: CookiePolicy;
  names?: CookieNames;
  jar?: Map<string, string>;
  now?: Date;
  /** Path and query of this request: where to come back to after signing in. */
  here?: string;
  /** A signed-in route's session (refreshed if its token had expired) and the cookies that renew it. */
  session?: Session;
  cookies?: string[];
  therapist?: TherapistProfile;
  signedIn?: SignedIn;
  /** The POSTed form, without its CSRF field once csrf.ts has checked it. */
  form?: Record<string, string>;
  params?: unknown;
};

export type ConsoleContext = Context & { console: ConsoleState };
export type ConsoleRequest = Request<ApiEvent, ConsoleAnswer | ApiResponse, Error, ConsoleContext>;
export type ConsoleMiddleware = MiddlewareObj<ApiEvent, ConsoleAnswer | ApiResponse, Error, ConsoleContext>;

/** An answer made by a middleware (sign-in, a refused form): thrown, so the frame and headers are still added. */
export class Answer extends Error {
  constructor(readonly response: ConsoleAnswer) {
    super('answered');
  }
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(`The console pipeline has no ${what} yet: check the order of its middlewares.`);
  return value;
}

export const redirect = (location: string, cookies: string[] = []): ConsoleAnswer => ({
  status: 303,
  location,
  cookies,
});

export function pageResponse(
  status: number,
  title: string,
  body: SafeHtml,
  signedIn?: SignedIn,
  cookies: string[] = [],
  section?: PageView['section'],
): ConsoleAnswer {
  return { status, cookies, view: { title, body, ...(signedIn ? { signedIn } : {}), ...(section ? { section } : {}) } };
}
