/**
 * The contract of the console's seam to Cognito's user pool API, GlobalSignOut (sign out everywhere),
 * checked against the local fake that answers as Cognito documents (test/support/fake-cognito.ts):
 * what the adapter sends (JSON 1.1, the target, the access token and nothing else), that the access
 * token needs the `aws.cognito.signin.user.admin` scope the console asks for, that it revokes every
 * refresh token of the user, and how every other kind of answer is read.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopes } from '#functions/console/sign-in/cognito.js';
import { codeChallenge, randomValue } from '#functions/console/sign-in/pkce.js';
import { fetchTokenEndpoint, TokenRequestRefused } from '#functions/console/sign-in/token-endpoint.js';
import {
  fetchUserPool,
  GlobalSignOutRefused,
  UserPoolUnavailable,
  userPoolEndpoint,
  type UserPoolSessions,
} from '#functions/console/sign-in/user-pool.js';
import { startFakeCognito, userAdminScope, type FakeCognito } from '#test/support/fake-cognito.js';

let cognito: FakeCognito;
let userPool: UserPoolSessions;
const redirectUri = 'https://api.threshold.test/console/callback';

beforeAll(async () => {
  cognito = await startFakeCognito();
  userPool = fetchUserPool({ endpoint: `${cognito.url}/` });
});
afterAll(() => cognito?.stop());

/** A sign-in as the console makes it (its own scopes): the access and refresh tokens Cognito hands out. */
async function signedIn(sub: string, scope = scopes) {
  const tokens = fetchTokenEndpoint({ domainUrl: cognito.url, clientId: cognito.clientId });
  const verifier = randomValue();
  const code = cognito.authorize({ sub, codeChallenge: codeChallenge(verifier), redirectUri, scope });
  return tokens.exchangeCode({ code, codeVerifier: verifier, redirectUri });
}

describe('the user pool adapter', () => {
  it('is the regional endpoint of the pool', () => {
    expect(userPoolEndpoint('eu-west-2_AbCdEf123')).toBe('https://cognito-idp.eu-west-2.amazonaws.com/');
  });

  it('the console asks for the scope GlobalSignOut needs', () => {
    expect(scopes.split(' ')).toContain(userAdminScope);
  });

  it('signs out everywhere with the access token alone: every refresh token of the user is revoked', async () => {
    const phone = await signedIn('therapist-everywhere');
    const laptop = await signedIn('therapist-everywhere');
    const someoneElse = await signedIn('therapist-other');
    await userPool.globalSignOut(laptop.accessToken);

    const call = cognito.requests.at(-1)!;
    expect(call.path).toBe('/');
    expect(call.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(call.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.GlobalSignOut');
    expect(call.headers.authorization).toBeUndefined();
    expect(call.json).toEqual({ AccessToken: laptop.accessToken });

    const tokens = fetchTokenEndpoint({ domainUrl: cognito.url, clientId: cognito.clientId });
    for (const session of [phone, laptop])
      await expect(tokens.refresh(session.refreshToken!)).rejects.toBeInstanceOf(TokenRequestRefused);
    await expect(tokens.refresh(someoneElse.refreshToken!)).resolves.toMatchObject({ accessToken: expect.any(String) });
    // The access token is revoked with them: asked again, Cognito refuses it.
    await expect(userPool.globalSignOut(laptop.accessToken)).rejects.toBeInstanceOf(GlobalSignOutRefused);
  });

  it('is refused for a token without the scope, or one Cognito did not sign', async () => {
    const narrow = await signedIn('therapist-narrow', 'openid email profile');
    const refused = await userPool.globalSignOut(narrow.accessToken).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GlobalSignOutRefused);
    expect((refused as GlobalSignOutRefused).type).toBe('NotAuthorizedException');
    await expect(userPool.globalSignOut('a.b.c')).rejects.toBeInstanceOf(GlobalSignOutRefused);
    // Its refresh token still works: nothing was signed out.
    await expect(
      fetchTokenEndpoint({ domainUrl: cognito.url, clientId: cognito.clientId }).refresh(narrow.refreshToken!),
    ).resolves.toBeDefined();
  });

  it('reads throttling, failures, answers that are not the API, silence and no answer as unavailable', async () => {
    for (const answer of [
      { status: 400, body: '{"__type":"TooManyRequestsException","message":"Rate exceeded"}' },
      { status: 500, body: '{"__type":"InternalErrorException"}' },
      { status: 503, body: 'Service Unavailable' },
      { status: 400, body: 'not json' },
    ]) {
      cognito.failWith(answer);
      await expect(userPool.globalSignOut('a.b.c'), JSON.stringify(answer)).rejects.toBeInstanceOf(UserPoolUnavailable);
    }
    cognito.failWith({ status: 400, body: '{"__type":"com.amazonaws.cognito#NotAuthorizedException"}' });
    await expect(userPool.globalSignOut('a.b.c')).rejects.toBeInstanceOf(GlobalSignOutRefused);
    cognito.failWith(undefined);

    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => done(p));
      });
    });
    await expect(
      fetchUserPool({ endpoint: `http://127.0.0.1:${port}/` }).globalSignOut('a.b.c'),
    ).rejects.toBeInstanceOf(UserPoolUnavailable);

    const silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const slow = fetchUserPool({
      endpoint: `http://127.0.0.1:${(silent.address() as { port: number }).port}/`,
      timeoutMs: 200,
    });
    await expect(slow.globalSignOut('a.b.c')).rejects.toBeInstanceOf(UserPoolUnavailable);
    silent.close();
  });
});
