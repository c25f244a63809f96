/**
 * The console's session over HTTP on the local stack: a signed-out visit goes to sign-in and comes
 * back; another therapist's ids are 404 pages; an acting form without its CSRF token is refused; a
 * tampered or expired cookie signs out; a cookie saved before signing out (or signing out everywhere)
 * opens nothing and does nothing, and a session ends after 12 hours whatever its token says; the
 * redirect after sign-in stays on console pages of this origin; every page carries the security headers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieNames, cookiePolicy } from '#functions/console/cookies.js';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { SignJWT } from 'jose';
import {
  loadSigningKey,
  localClientId,
  localIssuer,
  signTherapistToken,
  type LocalSigningKey,
} from '#infra/local/jwt.js';
import { putTherapist } from '#shared/store/therapists.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';

const env = useTestEnvironment();
let api: RunningApiServer;
let key: LocalSigningKey;

const therapist = (name: string) => ({
  therapistId: `console-${randomUUID()}`,
  displayName: name,
  shortName: name.split(' ')[0]!,
  email: `${randomUUID()}@therapist.test`,
  timeZone: 'Europe/London',
  createdAt: new Date().toISOString(),
});
const sam = therapist('Sam Rivera');
const alex = therapist('Alex Morgan');
// testSettings' publicBaseUrl is https, so the cookies are Secure and __Host- prefixed.
const names = cookieNames(cookiePolicy('https://api.threshold.test'));

beforeAll(async () => {
  const runtime = env.runtime();
  await Promise.all([sam, alex].map((t) => putTherapist(runtime.db, env.tableName, t)));
  key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-console-')), 'jwt-key.json'));
  api = await startConsoleServer(
    createLocalConsoleHandler({ therapists: () => [sam.therapistId, alex.therapistId], key: async () => key }),
  );
});
afterAll(() => api?.stop());

async function sendEnquiry(to: string, message: string): Promise<string> {
  const sent = await fetch(`${api.url}/therapists/${to}/enquiries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Jo', email: `${randomUUID()}@client.test`, message, consent: true }),
  });
  expect(sent.status).toBe(201);
  return ((await sent.json()) as { enquiryId: string }).enquiryId;
}

describe('signing in on the local stack', () => {
  it('a signed-out visit answers 303 to sign-in, and signing in comes back to that page', async () => {
    const agent = new ConsoleAgent(api.url);
    const visit = await agent.get('/console/bookings?view=day&date=2026-03-04');
    expect(visit.status).toBe(303);
    expect(visit.location).toBe(
      `/console/sign-in?returnTo=${encodeURIComponent('/console/bookings?view=day&date=2026-03-04')}`,
    );

    const page = await agent.get(visit.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign in as Sam Rivera');
    expect(page.text).toContain('Sign in as Alex Morgan');
    const attempt = page.setCookies.find((c) => c.startsWith(`${names.attempt}=`))!;
    expect(attempt).toMatch(/; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);

    const state = /name="state" value="([^"]+)"/.exec(page.text)![1]!;
    const signedIn = await agent.post('/console/sign-in', { state, therapistId: sam.therapistId });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/console/bookings?view=day&date=2026-03-04');
    const session = signedIn.setCookies.find((c) => c.startsWith(`${names.session}=`))!;
    expect(session).toMatch(
      /^__Host-threshold-session=[A-Za-z0-9_-]{43}\.[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(agent.cookies.has(names.attempt)).toBe(false);

    const back = await agent.get(signedIn.location!);
    expect(back.status).toBe(200);
    expect(back.text).toContain('<h1>Bookings</h1>');
    expect(back.text).toContain('Signed in as Sam Rivera');
  });

  it('the sign-in form without the state of its own page is refused, and only listed therapists can be chosen', async () => {
    const agent = new ConsoleAgent(api.url);
    await agent.get('/console/sign-in');
    const noState = await agent.post('/console/sign-in', { therapistId: sam.therapistId });
    expect(noState.status).toBe(400);
    expect(agent.cookies.has(names.session)).toBe(false);

    const stranger = await signInLocally(agent, 'someone-else');
    expect(stranger.status).toBe(400);
    expect(stranger.text).toContain('Please choose one of the therapists listed');
    expect(agent.cookies.has(names.session)).toBe(false);
  });

  it('a sign-in never keeps a session id set before it (no session fixation)', async () => {
    const agent = new ConsoleAgent(api.url);
    const planted = 'p'.repeat(43);
    const stale = await signTherapistToken(sam.therapistId, {
      expiresIn: 60,
      key,
      now: new Date(Date.now() - 3600_000),
    });
    agent.cookies.set(names.session, `${planted}.${stale}`);
    const signedIn = await signInLocally(agent, sam.therapistId);
    expect(signedIn.status).toBe(303);
    expect(agent.cookies.get(names.session)).toMatch(/^[A-Za-z0-9_-]{43}\./);
    expect(agent.cookies.get(names.session)!.startsWith(planted)).toBe(false);
  });
});

describe('redirect after sign-in', () => {
  const refused = [
    'https://evil.example/console',
    '//evil.example/console',
    '/\\evil.example',
    '/console/../../evil',
    'javascript:alert(1)',
    '/elsewhere',
    '/consolex',
    '/console/sign-out',
    '/%2F%2Fevil.example',
  ];
  for (const returnTo of refused)
    it(`refuses ${returnTo}`, async () => {
      const agent = new ConsoleAgent(api.url);
      const signedIn = await signInLocally(agent, sam.therapistId, returnTo);
      expect(signedIn.status).toBe(303);
      expect(signedIn.location).toBe('/console');
    });

  it('keeps a console page with its query', async () => {
    const agent = new ConsoleAgent(api.url);
    const signedIn = await signInLocally(agent, sam.therapistId, '/console/clients?done=added');
    expect(signedIn.location).toBe('/console/clients?done=added');
  });
});

describe('a session', () => {
  it("another therapist's enquiry is a 404 page, and its message is not on it", async () => {
    const message = `Private words ${randomUUID()}`;
    const enquiryId = await sendEnquiry(alex.therapistId, message);
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    for (const path of [
      `/console/enquiries/${enquiryId}`,
      `/console/bookings/${randomUUID()}`,
      `/console/returns/r-${randomUUID().slice(0, 8)}`,
    ]) {
      const page = await agent.get(path);
      expect(page.status, path).toBe(404);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('We could not find that');
      expect(page.text).not.toContain(message);
    }
    // Acting on it is a 404 too, and changes nothing.
    const accept = await agent.post(`/console/enquiries/${enquiryId}/accept`, { csrf: await agent.csrf(), note: '' });
    expect(accept.status).toBe(404);

    const alexAgent = new ConsoleAgent(api.url);
    await signInLocally(alexAgent, alex.therapistId);
    const own = await alexAgent.get(`/console/enquiries/${enquiryId}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(message);
    expect(own.text).toContain('Accept and invite Jo to book');
  });

  it("a form without its CSRF token, or with another session's, answers 403 and does nothing", async () => {
    const enquiryId = await sendEnquiry(sam.therapistId, 'Hello');
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    const other = new ConsoleAgent(api.url);
    await signInLocally(other, sam.therapistId);

    const without = await agent.post(`/console/enquiries/${enquiryId}/accept`, { note: 'Welcome' });
    expect(without.status).toBe(403);
    expect(without.text).toContain('Please try that again');
    const foreign = await agent.post(`/console/enquiries/${enquiryId}/accept`, {
      note: 'Welcome',
      csrf: await other.csrf(),
    });
    expect(foreign.status).toBe(403);
    expect((await agent.get(`/console/enquiries/${enquiryId}`)).text).toContain('Accept and invite Jo to book');

    const signOut = await agent.post('/console/sign-out', {});
    expect(signOut.status).toBe(403);
    expect(agent.cookies.has(names.session)).toBe(true);

    const accepted = await agent.post(`/console/enquiries/${enquiryId}/accept`, {
      note: 'Welcome',
      csrf: await agent.csrf(),
    });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/console/enquiries/${enquiryId}?done=accepted`);
  });

  it('a tampered cookie signs out: the cookies are cleared and the visit goes to sign-in', async () => {
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    const value = agent.cookies.get(names.session)!;
    const [sid, header, payload, signature] = value.split('.') as [string, string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: alex.therapistId })).toString('base64url');
    for (const tampered of [
      `${sid}.${header}.${forged}.${signature}`,
      `${sid}.${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      'not-a-session',
    ]) {
      agent.cookies.set(names.session, tampered);
      const visit = await agent.get('/console/clients');
      expect(visit.status).toBe(303);
      expect(visit.location).toBe(`/console/sign-in?returnTo=${encodeURIComponent('/console/clients')}`);
      expect(visit.setCookies).toContain(`${names.session}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure`);
      expect(agent.cookies.has(names.session)).toBe(false);
    }
  });

  it('a token signed by another key, for another audience, without an expiry, or expired signs out', async () => {
    const otherKey = await loadSigningKey(
      join(mkdtempSync(join(tmpdir(), 'threshold-console-other-')), 'jwt-key.json'),
    );
    // A live session's id: only the token is wrong.
    const live = new ConsoleAgent(api.url);
    await signInLocally(live, sam.therapistId);
    const sid = live.cookies.get(names.session)!.split('.')[0]!;
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      await signTherapistToken(sam.therapistId, { expiresIn: 3600, key: otherKey }),
      await new SignJWT({ token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setSubject(sam.therapistId)
        .setIssuer(localIssuer)
        .setAudience('another-client')
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(key.privateKey),
      await new SignJWT({ token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setSubject(sam.therapistId)
        .setIssuer(localIssuer)
        .setAudience(localClientId)
        .setIssuedAt(now)
        .sign(key.privateKey),
      await signTherapistToken(sam.therapistId, { expiresIn: 3600, key, now: new Date(Date.now() - 2 * 3600_000) }),
    ];
    for (const token of tokens) {
      const agent = new ConsoleAgent(api.url);
      agent.cookies.set(names.session, `${sid}.${token}`);
      const visit = await agent.get('/console');
      expect(visit.status).toBe(303);
      expect(visit.location).toBe('/console/sign-in');
      expect(agent.cookies.has(names.session)).toBe(false);
    }
    // A POST with a dead session goes to sign-in too, returning to the page its form was on.
    const agent = new ConsoleAgent(api.url);
    agent.cookies.set(names.session, `${sid}.${tokens[3]}`);
    const posted = await agent.post(`/console/enquiries/${randomUUID()}/accept`, { csrf: 'x' });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/^\/console\/sign-in\?returnTo=%2Fconsole%2Fenquiries%2F[0-9a-f-]+$/);
  });

  it('signing out clears the session and lands on the signed-out page', async () => {
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    const out = await agent.post('/console/sign-out', { csrf: await agent.csrf() });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/console/signed-out');
    expect(agent.cookies.has(names.session)).toBe(false);
    expect((await agent.get(out.location!)).text).toContain('You are signed out');
    expect((await agent.get('/console')).status).toBe(303);
  });

  it('after signing out, the saved cookie opens nothing and an old form does nothing', async () => {
    const message = `Private words ${randomUUID()}`;
    const enquiryId = await sendEnquiry(sam.therapistId, message);
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    expect((await agent.get('/console/inbox')).text).toContain('Jo');
    const saved = new Map(agent.cookies);
    const csrf = await agent.csrf(`/console/enquiries/${enquiryId}`);
    expect((await agent.post('/console/sign-out', { csrf })).status).toBe(303);
    expect(agent.cookies.size).toBe(0);

    const replay = new ConsoleAgent(api.url);
    const replayed = () => saved.forEach((value, name) => replay.cookies.set(name, value));
    for (const path of ['/console', '/console/inbox', `/console/enquiries/${enquiryId}`]) {
      replayed();
      const visit = await replay.get(path);
      expect(visit.status, path).toBe(303);
      expect(visit.location).toBe(
        path === '/console' ? '/console/sign-in' : `/console/sign-in?returnTo=${encodeURIComponent(path)}`,
      );
      expect(visit.text).not.toContain(message);
      expect(replay.cookies.has(names.session)).toBe(false);
    }
    replayed();
    const accept = await replay.post(`/console/enquiries/${enquiryId}/accept`, { csrf, note: 'Welcome' });
    expect(accept.status).toBe(303);
    expect(accept.location).toBe(`/console/sign-in?returnTo=${encodeURIComponent(`/console/enquiries/${enquiryId}`)}`);
    replayed();
    expect((await replay.get('/console/sign-in')).status).toBe(200);
    // Nothing acted: signed in afresh, the enquiry still waits for an answer.
    const fresh = new ConsoleAgent(api.url);
    await signInLocally(fresh, sam.therapistId);
    const page = await fresh.get(`/console/enquiries/${enquiryId}`);
    expect(page.text).toContain(message);
    expect(page.text).toContain('Accept and invite Jo to book');
  });

  it('keeps the session in the table by the hash of its id only, for 12 hours, and signing out deletes it', async () => {
    const t = therapist('Robin Lee');
    await putTherapist(env.runtime().db, env.tableName, t);
    const sessionsOf = async () =>
      (
        await env.runtime().db.send(
          new QueryCommand({
            TableName: env.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
            ExpressionAttributeValues: { ':pk': `THERAPIST#${t.therapistId}`, ':s': 'SESSION#' },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    const local = await startConsoleServer(
      createLocalConsoleHandler({ therapists: () => [t.therapistId], key: async () => key }),
    );
    try {
      const robin = new ConsoleAgent(local.url);
      const before = Date.now();
      await signInLocally(robin, t.therapistId);
      const sid = robin.cookies.get(names.session)!.split('.')[0]!;
      const [item, ...others] = await sessionsOf();
      expect(others).toEqual([]);
      expect(item!.sk).toBe(`SESSION#${createHash('sha256').update(sid).digest('base64url')}`);
      expect(JSON.stringify(item)).not.toContain(sid);
      expect(item!.entity).toBe('console-session');
      expect(item!.ttl).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 12 * 3600 - 5);
      expect(item!.ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 12 * 3600);

      // Past its 12 hours (DynamoDB Local never deletes by TTL), the session is over.
      await env.runtime().db.send(
        new UpdateCommand({
          TableName: env.tableName,
          Key: { pk: item!.pk, sk: item!.sk },
          UpdateExpression: 'SET #ttl = :past',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
        }),
      );
      const visit = await robin.get('/console/clients');
      expect(visit.status).toBe(303);
      expect(visit.location).toBe(`/console/sign-in?returnTo=${encodeURIComponent('/console/clients')}`);

      await signInLocally(robin, t.therapistId);
      expect(await sessionsOf()).toHaveLength(2);
      expect((await robin.post('/console/sign-out', { csrf: await robin.csrf() })).status).toBe(303);
      expect(await sessionsOf()).toHaveLength(1);
    } finally {
      await local.stop();
    }
  });

  it('sign out everywhere ends every session of that therapist, and only with its CSRF token', async () => {
    const phone = new ConsoleAgent(api.url);
    const laptop = new ConsoleAgent(api.url);
    const alexAgent = new ConsoleAgent(api.url);
    await signInLocally(phone, sam.therapistId);
    await signInLocally(laptop, sam.therapistId);
    await signInLocally(alexAgent, alex.therapistId);
    const phoneCookies = new Map(phone.cookies);

    const settings = await laptop.get('/console/settings');
    expect(settings.text).toContain('<button type="submit">Sign out everywhere</button>');
    const csrf = /action="\/console\/sign-out-everywhere">\s*<input type="hidden" name="csrf" value="([^"]+)"/.exec(
      settings.text,
    )![1]!;
    expect((await laptop.post('/console/sign-out-everywhere', {})).status).toBe(403);
    expect((await laptop.post('/console/sign-out-everywhere', { csrf: await alexAgent.csrf() })).status).toBe(403);
    expect((await phone.get('/console')).status).toBe(200);

    const out = await laptop.post('/console/sign-out-everywhere', { csrf });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/console/signed-out');
    expect(laptop.cookies.size).toBe(0);
    for (const agent of [phone, laptop]) {
      const visit = await agent.get('/console/bookings');
      expect(visit.status).toBe(303);
      expect(visit.location).toBe(`/console/sign-in?returnTo=${encodeURIComponent('/console/bookings')}`);
    }
    phoneCookies.forEach((value, name) => phone.cookies.set(name, value));
    expect((await phone.get('/console')).status).toBe(303);
    // Another therapist's session is theirs alone.
    expect((await alexAgent.get('/console')).status).toBe(200);
    // Signing in again starts a new session.
    await signInLocally(phone, sam.therapistId);
    expect((await phone.get('/console')).status).toBe(200);
  });

  it('every page is no-store, unframeable, and runs only scripts carrying its nonce', async () => {
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    const first = await agent.get('/console');
    const second = await agent.get('/console');
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    expect(first.text).toContain(`<script nonce="${nonce}">`);
    expect(second.headers.get('content-security-policy')).not.toContain(nonce);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.text).not.toMatch(/ style="| on[a-z]+="/);
  });
});

describe('the signed-out page', () => {
  it('is only a page: opening it from a link elsewhere signs nobody out', async () => {
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, sam.therapistId);
    const page = await agent.get('/console/signed-out');
    expect(page.status).toBe(200);
    expect(page.setCookies).toEqual([]);
    expect((await agent.get('/console')).status).toBe(200);
  });
});
