/**
 * The console's cookies. All are HttpOnly (no script reads them), SameSite=Lax (sent when a
 * therapist follows a link from an email or comes back from Cognito, never on a cross-site POST) and
 * Path=/. Where the browser counts the origin as secure (https, or loopback on the local stack) they
 * are also Secure and carry the `__Host-` prefix, so no other host or plain-http page can set or
 * overwrite them.
 */
import * as z from '#shared/zod.js';

export interface CookiePolicy {
  secure: boolean;
  prefix: '__Host-' | '';
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

export function cookiePolicy(publicBaseUrl: string): CookiePolicy {
  const url = new URL(publicBaseUrl);
  const secure = url.protocol === 'https:' || loopback.has(url.hostname);
  return { secure, prefix: secure ? '__Host-' : '' };
}

export interface CookieNames {
  /** `<sid>.<access token>`: who is signed in, and the random id the CSRF token is derived from. */
  session: string;
  /** Cognito's refresh token: a new access token when the old one has expired. */
  refresh: string;
  /** A sign-in in progress: state, PKCE verifier and where to return, for ten minutes. */
  attempt: string;
}

export const cookieNames = (policy: CookiePolicy): CookieNames => ({
  session: `${policy.prefix}threshold-session`,
  refresh: `${policy.prefix}threshold-refresh`,
  attempt: `${policy.prefix}threshold-sign-in`,
});

/** How long a session lasts without signing in again: a working day, not a week on a shared computer. */
export const sessionSeconds = 12 * 60 * 60;
export const attemptSeconds = 10 * 60;

/** API Gateway (payload 2.0) hands cookies over as `name=value` strings. */
export function readCookies(cookies: readonly string[] | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const cookie of cookies ?? []) {
    for (const part of cookie.split(';')) {
      const at = part.indexOf('=');
      if (at <= 0) continue;
      const name = part.slice(0, at).trim();
      // The first of two same-named cookies is the most specific; keep it.
      if (!jar.has(name)) jar.set(name, part.slice(at + 1).trim());
    }
  }
  return jar;
}

const cookieValue = /^[A-Za-z0-9._~-]*$/;

export function setCookie(name: string, value: string, maxAgeSeconds: number, policy: CookiePolicy): string {
  if (!cookieValue.test(value)) throw new Error(`Cookie ${name} would carry characters a cookie cannot hold`);
  return [
    `${name}=${value}`,
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(policy.secure ? ['Secure'] : []),
  ].join('; ');
}

export const clearCookie = (name: string, policy: CookiePolicy): string => setCookie(name, '', 0, policy);

/** A sign-in in progress, kept in the browser that started it (nothing to store server-side). */
export interface SignInAttempt {
  state: string;
  verifier: string;
  returnTo: string;
}

const attemptSchema = z.strictObject({
  state: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
  verifier: z.string().check(z.regex(/^[A-Za-z0-9_-]{43,128}$/)),
  returnTo: z.string().check(z.maxLength(512)),
});

export const encodeAttempt = (attempt: SignInAttempt): string =>
  Buffer.from(JSON.stringify(attempt)).toString('base64url');

export function decodeAttempt(value: string | undefined): SignInAttempt | undefined {
  if (!value) return undefined;
  try {
    const parsed = attemptSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
