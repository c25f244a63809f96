/** Where signing in returns to: a console page of this origin, or the inbox. Never anywhere else. */
import { describe, expect, it } from 'vitest';
import { consoleHome, safeReturnTo, signInFor } from '#functions/console/return-to.js';
import { csrfMatches, csrfToken, newSessionId, parseSession } from '#functions/console/session.js';
import { cookiePolicy, decodeAttempt, encodeAttempt, readCookies, setCookie } from '#functions/console/cookies.js';

describe('safeReturnTo', () => {
  it.each([
    ['/console', '/console'],
    ['/console/bookings?view=day&date=2026-03-04', '/console/bookings?view=day&date=2026-03-04'],
    ['/console/enquiries/0f9e', '/console/enquiries/0f9e'],
  ])('keeps %s', (given, kept) => expect(safeReturnTo(given)).toBe(kept));

  it.each([
    undefined,
    '',
    'https://evil.example/console',
    'http://localhost:3000/console',
    '//evil.example/console',
    '///evil.example/console',
    '/\\evil.example/console',
    '/console\\..\\..\\evil',
    '/console/../evil',
    '/console/%2e%2e/%2e%2e/evil',
    '/consoles',
    '/console\t//evil.example',
    '/console\n',
    'javascript:alert(1)',
    ' /console',
    '/console/sign-in',
    '/console/callback?code=x',
    '/console/sign-out',
    `/console/${'a'.repeat(600)}`,
  ])('refuses %j', (given) => expect(safeReturnTo(given)).toBe(consoleHome));

  it('builds the sign-in address that comes back', () => {
    expect(signInFor('/console')).toBe('/console/sign-in');
    expect(signInFor('/console/clients?done=added')).toBe(
      '/console/sign-in?returnTo=%2Fconsole%2Fclients%3Fdone%3Dadded',
    );
    expect(signInFor('https://evil.example/')).toBe('/console/sign-in');
  });
});

describe('session cookie and CSRF', () => {
  it('reads only the shape it wrote', () => {
    const sid = newSessionId();
    expect(parseSession(`${sid}.a.b.c`)).toEqual({ sid, token: 'a.b.c' });
    for (const bad of [undefined, '', sid, `${sid}.a.b`, `short.a.b.c`, `${sid}.a.b.c.d`, `${sid}.a b.c`])
      expect(parseSession(bad)).toBeUndefined();
  });

  it('derives one CSRF token per session and compares it in constant time', () => {
    const [a, b] = [newSessionId(), newSessionId()];
    expect(csrfMatches(a, csrfToken(a))).toBe(true);
    expect(csrfMatches(a, csrfToken(b))).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(a, '')).toBe(false);
    expect(csrfToken(a)).not.toContain(a);
  });

  it('a sign-in attempt survives its cookie and nothing else does', () => {
    const attempt = { state: newSessionId(), verifier: newSessionId(), returnTo: '/console' };
    expect(decodeAttempt(encodeAttempt(attempt))).toEqual(attempt);
    expect(decodeAttempt('not-base64-json')).toBeUndefined();
    expect(decodeAttempt(Buffer.from(JSON.stringify({ ...attempt, extra: 1 })).toString('base64url'))).toBeUndefined();
  });

  it('cookies: the first of a repeated name wins, and values a cookie cannot hold are refused', () => {
    expect(readCookies(['a=1', 'b=2; a=3']).get('a')).toBe('1');
    expect(() => setCookie('x', 'a;b', 60, { secure: true, prefix: '__Host-' })).toThrow();
    expect(setCookie('__Host-x', 'v', 60, { secure: true, prefix: '__Host-' })).toBe(
      '__Host-x=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('Secure and __Host- where the browser counts the origin as secure: https, or loopback', () => {
    expect(cookiePolicy('https://api.example.org')).toEqual({ secure: true, prefix: '__Host-' });
    expect(cookiePolicy('http://localhost:3000')).toEqual({ secure: true, prefix: '__Host-' });
    expect(cookiePolicy('http://127.0.0.1:3000')).toEqual({ secure: true, prefix: '__Host-' });
    expect(cookiePolicy('http://192.168.1.20:3000')).toEqual({ secure: false, prefix: '' });
  });
});
