/**
 * Signing in through Cognito managed login, end to end through the console Lambda's own sign-in
 * (functions/console/sign-in/cognito.ts) over the local HTTP server, with a fake of Cognito's token
 * endpoint on loopback standing in for the part that cannot run here. Cognito's hosted pages (where
 * the password and the MFA code are asked) are the one step the test plays itself: it binds a code
 * to the challenge the console sent, as /oauth2/authorize does.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleHandler } from '#functions/console/console-handler.js';
import { cookieNames, cookiePolicy } from '#functions/console/cookies.js';
import { consolePages } from '#functions/console/pages/index.js';
import { cognitoSignIn } from '#functions/console/sign-in/cognito.js';
import { fetchTokenEndpoint } from '#functions/console/sign-in/token-endpoint.js';
import { fetchUserPool } from '#functions/console/sign-in/user-pool.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { putTherapist } from '#shared/store/therapists.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, startConsoleServer } from '#test/support/console.js';
import { startFakeCognito, userAdminScope, type FakeCognito } from '#test/support/fake-cognito.js';

const env = useTestEnvironment();
const publicBaseUrl = 'https://api.threshold.test';
const names = cookieNames(cookiePolicy(publicBaseUrl));
let cognito: FakeCognito;
let api: RunningApiServer;
const sub = randomUUID();

beforeAll(async () => {
  cognito = await startFakeCognito();
  await putTherapist(env.runtime().db, env.tableName, {
    therapistId: sub,
    displayName: 'Sam Rivera',
    shortName: 'Sam',
    email: `${sub}@therapist.test`,
    timeZone: 'Europe/London',
    createdAt: new Date().toISOString(),
  });
  const handler = createConsoleHandler({
    pages: consolePages,
    signIn: () =>
      cognitoSignIn(
        { userPoolId: cognito.userPoolId, clientId: cognito.clientId, domainUrl: cognito.url, publicBaseUrl },
        {
          tokens: fetchTokenEndpoint({ domainUrl: cognito.url, clientId: cognito.clientId }),
          userPool: fetchUserPool({ endpoint: `${cognito.url}/` }),
          jwks: cognito.jwks,
        },
      ),
  });
  api = await startConsoleServer(handler);
});
afterAll(async () => {
  await api?.stop();
  await cognito?.stop();
});

/** The console sends the browser to Cognito; "Cognito" signs the person in and sends them back with a code. */
async function signIn(agent: ConsoleAgent, page = '/console/clients') {
  const visit = await agent.get(page);
  const toCognito = await agent.get(visit.location!);
  expect(toCognito.status).toBe(303);
  const authorize = new URL(toCognito.location!);
  // Cognito issues the scopes asked for (those the app client allows: infra/stacks/api-stack.ts).
  const code = cognito.authorize({
    sub,
    codeChallenge: authorize.searchParams.get('code_challenge')!,
    redirectUri: authorize.searchParams.get('redirect_uri')!,
    scope: authorize.searchParams.get('scope')!,
  });
  const back = await agent.get(`/console/callback?code=${code}&state=${authorize.searchParams.get('state')}`);
  return { authorize, code, back };
}

describe('Cognito managed login', () => {
  it('goes to /oauth2/authorize with the code flow, PKCE S256 and state, and comes back to the page asked for', async () => {
    const agent = new ConsoleAgent(api.url);
    const { authorize, back } = await signIn(agent);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${cognito.url}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: `${publicBaseUrl}/console/callback`,
      scope: `openid email profile ${userAdminScope}`,
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    // The code went back to Cognito with the verifier, from the server: no secret, nothing in the browser.
    const exchange = cognito.requests.find((r) => r.form.grant_type === 'authorization_code')!;
    expect(exchange.form.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(exchange.headers.authorization).toBeUndefined();

    expect(back.status).toBe(303);
    expect(back.location).toBe('/console/clients');
    expect(agent.cookies.has(names.session)).toBe(true);
    expect(agent.cookies.has(names.refresh)).toBe(true);
    expect(agent.cookies.has(names.attempt)).toBe(false);
    expect(back.setCookies.find((c) => c.startsWith(`${names.refresh}=`))).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
    const page = await agent.get('/console/clients');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Signed in as Sam Rivera');
  });

  it('a callback with another state, an error from Cognito, or a code used twice does not sign in', async () => {
    const agent = new ConsoleAgent(api.url);
    const { code } = await signIn(agent);
    const fresh = new ConsoleAgent(api.url);
    await fresh.get('/console/sign-in');
    expect((await fresh.get(`/console/callback?code=${code}&state=${'x'.repeat(43)}`)).status).toBe(400);

    const denied = new ConsoleAgent(api.url);
    const start = new URL((await denied.get('/console/sign-in')).location!);
    const refused = await denied.get(`/console/callback?error=access_denied&state=${start.searchParams.get('state')}`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Signing in did not finish');

    const replay = new ConsoleAgent(api.url);
    const again = new URL((await replay.get('/console/sign-in')).location!);
    const reused = await replay.get(`/console/callback?code=${code}&state=${again.searchParams.get('state')}`);
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('expired or was already used');
    for (const a of [fresh, denied, replay]) expect(a.cookies.has(names.session)).toBe(false);
  });

  it('an expired access token is refreshed with the refresh token, keeping the session and its CSRF token', async () => {
    const agent = new ConsoleAgent(api.url);
    await signIn(agent);
    const csrf = await agent.csrf('/console/clients');
    const [sid] = agent.cookies.get(names.session)!.split('.');
    agent.cookies.set(names.session, `${sid}.${await cognito.accessToken(sub, { expiresInSeconds: -60 })}`);
    const refreshesBefore = cognito.requests.filter((r) => r.form.grant_type === 'refresh_token').length;

    const page = await agent.get('/console/clients');
    expect(page.status).toBe(200);
    expect(cognito.requests.filter((r) => r.form.grant_type === 'refresh_token')).toHaveLength(refreshesBefore + 1);
    expect(page.setCookies.find((c) => c.startsWith(`${names.session}=`))).toMatch(
      new RegExp(`^${names.session}=${sid}\\.`),
    );
    expect(await agent.csrf('/console/clients')).toBe(csrf);
  });

  it('an expired access token whose refresh token was revoked signs out', async () => {
    const agent = new ConsoleAgent(api.url);
    await signIn(agent);
    cognito.revoked.add(agent.cookies.get(names.refresh)!);
    const [sid] = agent.cookies.get(names.session)!.split('.');
    agent.cookies.set(names.session, `${sid}.${await cognito.accessToken(sub, { expiresInSeconds: -60 })}`);
    const visit = await agent.get('/console/breaks');
    expect(visit.status).toBe(303);
    expect(visit.location).toBe(`/console/sign-in?returnTo=${encodeURIComponent('/console/breaks')}`);
    expect(agent.cookies.has(names.session)).toBe(false);
    expect(agent.cookies.has(names.refresh)).toBe(false);
  });

  it('while the token endpoint is down, an expired session is kept and the page says to try again', async () => {
    const agent = new ConsoleAgent(api.url);
    await signIn(agent);
    const [sid] = agent.cookies.get(names.session)!.split('.');
    agent.cookies.set(names.session, `${sid}.${await cognito.accessToken(sub, { expiresInSeconds: -60 })}`);
    cognito.failWith({ status: 503, body: 'Service Unavailable' });
    try {
      const page = await agent.get('/console');
      expect(page.status).toBe(503);
      expect(page.text).toContain('We could not check your sign-in just now');
      expect(agent.cookies.has(names.refresh)).toBe(true);
    } finally {
      cognito.failWith(undefined);
    }
    expect((await agent.get('/console')).status).toBe(200);
  });

  it('a token for another app client, an ID token, or one from another pool signs out', async () => {
    const otherPool = await startFakeCognito({
      userPoolId: cognito.userPoolId,
      kid: String(cognito.jwks.keys[0]!.kid),
    });
    try {
      for (const token of [
        await cognito.accessToken(sub, { clientId: 'another-client' }),
        await cognito.accessToken(sub, { tokenUse: 'id' }),
        // The same issuer and key id, another key: the signature fails.
        await otherPool.accessToken(sub),
      ]) {
        // A live session's id: only the token is wrong.
        const agent = new ConsoleAgent(api.url);
        await signIn(agent);
        const [sid] = agent.cookies.get(names.session)!.split('.');
        agent.cookies.set(names.session, `${sid}.${token}`);
        const visit = await agent.get('/console');
        expect(visit.status).toBe(303);
        expect(agent.cookies.has(names.session)).toBe(false);
      }
    } finally {
      await otherPool.stop();
    }
  });

  it('signing out revokes the refresh token, clears the cookies and ends the Cognito session at /logout', async () => {
    const agent = new ConsoleAgent(api.url);
    await signIn(agent);
    const refresh = agent.cookies.get(names.refresh)!;
    const page = await agent.get('/console');
    expect(page.headers.get('content-security-policy')).toContain(`form-action 'self' ${cognito.url}`);
    const out = await agent.post('/console/sign-out', { csrf: await agent.csrf() });
    expect(out.status).toBe(303);
    const logout = new URL(out.location!);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${cognito.url}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      client_id: cognito.clientId,
      logout_uri: `${publicBaseUrl}/console/signed-out`,
    });
    expect(cognito.revoked.has(refresh)).toBe(true);
    expect(agent.cookies.size).toBe(0);
  });

  it('after signing out, the saved cookie opens nothing and does nothing, though its access token is valid for the hour', async () => {
    const message = `Private words ${randomUUID()}`;
    const sent = await fetch(`${api.url}/therapists/${sub}/enquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Jo', email: `${randomUUID()}@client.test`, message, consent: true }),
    });
    const { enquiryId } = (await sent.json()) as { enquiryId: string };
    const agent = new ConsoleAgent(api.url);
    await signIn(agent);
    expect((await agent.get(`/console/enquiries/${enquiryId}`)).text).toContain(message);
    const saved = new Map(agent.cookies);
    const csrf = await agent.csrf();
    expect((await agent.post('/console/sign-out', { csrf })).status).toBe(303);

    const replay = new ConsoleAgent(api.url);
    for (const [name, value] of saved) replay.cookies.set(name, value);
    for (const path of ['/console', '/console/inbox', `/console/enquiries/${enquiryId}`]) {
      const visit = await replay.get(path);
      expect(visit.status, path).toBe(303);
      expect(visit.location).toBe(
        path === '/console' ? '/console/sign-in' : `/console/sign-in?returnTo=${encodeURIComponent(path)}`,
      );
      expect(visit.text).not.toContain(message);
      for (const [name, value] of saved) replay.cookies.set(name, value);
    }
    const accept = await replay.post(`/console/enquiries/${enquiryId}/accept`, { csrf, note: '' });
    expect(accept.status).toBe(303);
    expect(accept.location).toMatch(/^\/console\/sign-in\?returnTo=/);
    // Nothing acted: signed in afresh, the enquiry still waits for an answer.
    const fresh = new ConsoleAgent(api.url);
    await signIn(fresh);
    expect((await fresh.get(`/console/enquiries/${enquiryId}`)).text).toContain('Accept and invite Jo to book');
  });

  it('sign out everywhere calls GlobalSignOut with the access token, revokes every refresh token and ends both sessions', async () => {
    const phone = new ConsoleAgent(api.url);
    const laptop = new ConsoleAgent(api.url);
    await signIn(phone);
    await signIn(laptop);
    const refreshTokens = [phone.cookies.get(names.refresh)!, laptop.cookies.get(names.refresh)!];
    const accessToken = laptop.cookies.get(names.session)!.split('.').slice(1).join('.');
    const settings = await laptop.get('/console/settings');
    expect(settings.text).toContain('action="/console/sign-out-everywhere"');
    const csrf = /action="\/console\/sign-out-everywhere">\s*<input type="hidden" name="csrf" value="([^"]+)"/.exec(
      settings.text,
    )![1]!;

    // Like every form, it needs the session's CSRF token.
    expect((await laptop.post('/console/sign-out-everywhere', {})).status).toBe(403);
    expect((await laptop.post('/console/sign-out-everywhere', { csrf: await phone.csrf() })).status).toBe(403);
    expect((await phone.get('/console')).status).toBe(200);

    const out = await laptop.post('/console/sign-out-everywhere', { csrf });
    expect(out.status).toBe(303);
    expect(`${new URL(out.location!).origin}${new URL(out.location!).pathname}`).toBe(`${cognito.url}/logout`);
    expect(laptop.cookies.size).toBe(0);
    const call = cognito.requests
      .filter((r) => r.headers['x-amz-target'] === 'AWSCognitoIdentityProviderService.GlobalSignOut')
      .at(-1)!;
    expect(call.json).toEqual({ AccessToken: accessToken });
    expect(call.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(cognito.globalSignOuts.at(-1)).toBe(sub);
    for (const token of refreshTokens) expect(cognito.revoked.has(token)).toBe(true);

    const visit = await phone.get('/console');
    expect(visit.status).toBe(303);
    expect(visit.location).toBe('/console/sign-in');
    expect(phone.cookies.has(names.session)).toBe(false);
  });

  it('while the user pool cannot be reached, sign out everywhere ends nothing and says to try again', async () => {
    const agent = new ConsoleAgent(api.url);
    await signIn(agent);
    const csrf = await agent.csrf('/console/settings');
    cognito.failWith({ status: 500, body: '{"__type":"InternalErrorException"}' });
    try {
      const out = await agent.post('/console/sign-out-everywhere', { csrf });
      expect(out.status).toBe(503);
      expect(out.text).toContain('Nothing has been signed out yet');
    } finally {
      cognito.failWith(undefined);
    }
    expect((await agent.get('/console')).status).toBe(200);
    expect((await agent.post('/console/sign-out-everywhere', { csrf })).status).toBe(303);
    expect((await agent.get('/console')).status).toBe(303);
  });
});
