/**
 * The contract of the console's one outbound seam, Cognito's token and revocation endpoints, checked
 * against a local fake that answers as Cognito documents (test/support/fake-cognito.ts): what the
 * adapter sends (form fields, the PKCE verifier, the client id and no secret), and how it reads
 * every kind of answer (tokens, a refusal, a failure, silence, something that is not OAuth).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeChallenge, randomValue } from '#functions/console/sign-in/pkce.js';
import {
  fetchTokenEndpoint,
  TokenEndpointUnavailable,
  TokenRequestRefused,
  type TokenEndpoint,
} from '#functions/console/sign-in/token-endpoint.js';
import { startFakeCognito, type FakeCognito } from '#test/support/fake-cognito.js';

let cognito: FakeCognito;
let endpoint: TokenEndpoint;
const redirectUri = 'https://api.threshold.test/console/callback';

beforeAll(async () => {
  cognito = await startFakeCognito();
  endpoint = fetchTokenEndpoint({ domainUrl: cognito.url, clientId: cognito.clientId });
});
afterAll(() => cognito?.stop());

const last = () => cognito.requests[cognito.requests.length - 1]!;

describe('PKCE', () => {
  it('is S256 of a 43-character verifier (RFC 7636 appendix B)', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(randomValue()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomValue()).not.toBe(randomValue());
  });
});

describe('the token endpoint adapter', () => {
  it('exchanges a code with the verifier, as a public client: form fields in, tokens out', async () => {
    const verifier = randomValue();
    const code = cognito.authorize({ sub: 'therapist-1', codeChallenge: codeChallenge(verifier), redirectUri });
    const tokens = await endpoint.exchangeCode({ code, codeVerifier: verifier, redirectUri });
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.expiresInSeconds).toBe(3600);
    const sent = last();
    expect(sent.path).toBe('/oauth2/token');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.form).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: cognito.clientId,
    });
  });

  it('a wrong verifier, a used code or another redirect URI is refused with invalid_grant', async () => {
    const verifier = randomValue();
    const code = cognito.authorize({ sub: 'therapist-1', codeChallenge: codeChallenge(verifier), redirectUri });
    const refused = endpoint.exchangeCode({ code, codeVerifier: randomValue(), redirectUri });
    await expect(refused).rejects.toBeInstanceOf(TokenRequestRefused);
    await expect(refused).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    // Cognito spends a code on the first attempt, right or wrong.
    await expect(endpoint.exchangeCode({ code, codeVerifier: verifier, redirectUri })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const other = cognito.authorize({ sub: 'therapist-1', codeChallenge: codeChallenge(verifier), redirectUri });
    await expect(
      endpoint.exchangeCode({ code: other, codeVerifier: verifier, redirectUri: 'https://evil.example/callback' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refreshes with the refresh token, and revokes it', async () => {
    const verifier = randomValue();
    const code = cognito.authorize({ sub: 'therapist-2', codeChallenge: codeChallenge(verifier), redirectUri });
    const { refreshToken } = await endpoint.exchangeCode({ code, codeVerifier: verifier, redirectUri });
    const renewed = await endpoint.refresh(refreshToken!);
    expect(renewed.accessToken.split('.')).toHaveLength(3);
    expect(renewed.refreshToken).toBeUndefined();
    expect(last().form).toEqual({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: cognito.clientId,
    });

    await endpoint.revoke(refreshToken!);
    expect(last()).toMatchObject({
      path: '/oauth2/revoke',
      form: { token: refreshToken, client_id: cognito.clientId },
    });
    await expect(endpoint.refresh(refreshToken!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('another client id is refused with invalid_client', async () => {
    const wrong = fetchTokenEndpoint({ domainUrl: cognito.url, clientId: 'someone-else' });
    await expect(wrong.refresh('x.y')).rejects.toMatchObject({ error: 'invalid_client', status: 400 });
  });

  it('a failure, an answer that is not OAuth, or no answer at all is "unavailable", never a refusal', async () => {
    for (const answer of [
      { status: 500, body: '{"error":"internal"}' },
      { status: 503, body: 'Service Unavailable' },
      { status: 400, body: '<html>Bad Request</html>' },
      { status: 200, body: '{"access_token":"only"}' },
      { status: 200, body: 'not json' },
    ]) {
      cognito.failWith(answer);
      await expect(endpoint.refresh('x.y'), JSON.stringify(answer)).rejects.toBeInstanceOf(TokenEndpointUnavailable);
    }
    cognito.failWith(undefined);

    // A port nothing listens on.
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => done(p));
      });
    });
    const nowhere = fetchTokenEndpoint({ domainUrl: `http://127.0.0.1:${port}`, clientId: cognito.clientId });
    await expect(nowhere.refresh('x.y')).rejects.toBeInstanceOf(TokenEndpointUnavailable);

    // An endpoint that never answers is given up on.
    const silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const slow = fetchTokenEndpoint({
      domainUrl: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
      clientId: cognito.clientId,
      timeoutMs: 200,
    });
    await expect(slow.refresh('x.y')).rejects.toBeInstanceOf(TokenEndpointUnavailable);
    silent.close();
  });
});
