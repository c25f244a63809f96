/**
 * A console session: a random session id and the therapist's token, in one cookie. The token says
 * who is signed in and is verified on every request; the session id never leaves the HttpOnly
 * cookie, so the CSRF token derived from it is known only to pages this session was shown. A
 * refreshed token keeps the session id, so forms opened before a refresh still work.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decomposeUnverifiedJwt } from 'aws-jwt-verify/jwt';

export interface Session {
  sid: string;
  token: string;
}

const sidPattern = /^[A-Za-z0-9_-]{43}$/;
const jwtPattern = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const newSessionId = (): string => randomBytes(32).toString('base64url');

export const sessionCookieValue = (session: Session): string => `${session.sid}.${session.token}`;

/** Undefined for anything that is not the shape we set: a tampered cookie signs out. */
export function parseSession(value: string | undefined): Session | undefined {
  if (!value) return undefined;
  const at = value.indexOf('.');
  const sid = value.slice(0, at);
  const token = value.slice(at + 1);
  if (at < 0 || !sidPattern.test(sid) || !jwtPattern.test(token)) return undefined;
  return { sid, token };
}

export const csrfToken = (sid: string): string =>
  createHash('sha256').update(`threshold-console-csrf:${sid}`).digest('base64url');

export function csrfMatches(sid: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(csrfToken(sid));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The token's subject, unverified: only for ending a session. Deleting the session item needs its
 * secret id as well, so a forged subject can end nothing but a session of the one who forged it; and
 * signing out must work even while the signing keys cannot be fetched.
 */
export function unverifiedSubject(token: string): string | undefined {
  try {
    const { sub } = decomposeUnverifiedJwt(token).payload;
    return typeof sub === 'string' && sub !== '' ? sub : undefined;
  } catch {
    return undefined;
  }
}
