import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimsAsApiGatewayPasses,
  loadSigningKey,
  localClientId,
  localIssuer,
  signTherapistToken,
  verifyBearer,
  type LocalSigningKey,
} from '#infra/local/jwt.js';

const dir = mkdtempSync(join(tmpdir(), 'threshold-jwt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything Cognito sets on every token (sub, iss, iat, exp, and the kid of its key), plus `claims`. */
const cognitoShaped = (
  key: LocalSigningKey,
  claims: JWTPayload,
  header: JWTHeaderParameters = { alg: 'ES256', kid: key.kid },
) =>
  new SignJWT(claims)
    .setProtectedHeader(header)
    .setSubject('demo-therapist')
    .setIssuer(localIssuer)
    .setIssuedAt()
    .setExpirationTime('1h');

describe('local JWT', () => {
  it('signs a token shaped like a Cognito ID token and verifies it', async () => {
    const key = await loadSigningKey(join(dir, 'a.json'));
    const token = await signTherapistToken('demo-therapist', { expiresIn: '30d', email: 'sam@threshold.local', key });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: key.kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'demo-therapist',
      iss: localIssuer,
      aud: localClientId,
      token_use: 'id',
      email: 'sam@threshold.local',
      'cognito:username': 'demo-therapist',
    });
    expect(claims.exp! - claims.iat!).toBe(30 * 86_400);

    const verified = await verifyBearer(`Bearer ${token}`, { key });
    expect(verified?.sub).toBe('demo-therapist');
    // The authorizer takes the token with or without the prefix.
    expect((await verifyBearer(token, { key }))?.sub).toBe('demo-therapist');
  });

  it('keeps the key on disk, owner-only, so tokens survive a restart', async () => {
    const file = join(dir, 'persisted.json');
    const first = await loadSigningKey(file);
    const token = await signTherapistToken('demo-therapist', { expiresIn: 3600, key: first });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).kid).toBe(first.kid);
    // A restarted stack reads the file instead of making a new key: a copy under another name is read, not replaced.
    const copy = join(dir, 'restarted.json');
    copyFileSync(file, copy);
    const again = await loadSigningKey(copy);
    expect(again).not.toBe(first);
    expect(again.kid).toBe(first.kid);
    expect((await verifyBearer(`Bearer ${token}`, { key: again }))?.sub).toBe('demo-therapist');
  });

  it('rejects what API Gateway rejects: missing, malformed, forged, expired, wrong issuer or audience', async () => {
    const key = await loadSigningKey(join(dir, 'b.json'));
    const other = await loadSigningKey(join(dir, 'c.json'));
    const forged = await signTherapistToken('demo-therapist', { expiresIn: 3600, key: other });
    const expired = await signTherapistToken('demo-therapist', {
      expiresIn: 60,
      key,
      now: new Date(Date.now() - 3600_000),
    });
    const wrongIssuer = await new SignJWT({ token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('demo-therapist')
      .setIssuer('https://elsewhere')
      .setAudience(localClientId)
      .setExpirationTime('1h')
      .sign(key.privateKey);
    const wrongAudience = await new SignJWT({ token_use: 'id' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('demo-therapist')
      .setIssuer(localIssuer)
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(key.privateKey);
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer not-a-jwt',
      `Bearer ${forged}`,
      `Bearer ${expired}`,
      `Bearer ${wrongIssuer}`,
      `Bearer ${wrongAudience}`,
    ])
      expect(await verifyBearer(header, { key }), String(header).slice(0, 20)).toBeUndefined();
  });

  it('accepts an access token whose client_id is the app client', async () => {
    const key = await loadSigningKey(join(dir, 'd.json'));
    const access = await cognitoShaped(key, {
      token_use: 'access',
      client_id: localClientId,
      username: 'demo-therapist',
    }).sign(key.privateKey);
    expect((await verifyBearer(`Bearer ${access}`, { key }))?.token_use).toBe('access');
  });

  /**
   * Cognito always sets exp, iat, token_use and a kid, and API Gateway checks kid, iss, aud (or
   * client_id when there is no aud), exp, nbf and iat: a token the local stack accepts must be one
   * both would let through.
   */
  describe('accepts only what Cognito issues and the JWT authorizer lets through', () => {
    const now = () => Math.floor(Date.now() / 1000);
    let key: LocalSigningKey;
    beforeAll(async () => {
      key = await loadSigningKey(join(dir, 'e.json'));
    });
    const idToken = (claims: JWTPayload = {}, header?: JWTHeaderParameters) =>
      cognitoShaped(key, { token_use: 'id', ...claims }, header).setAudience(localClientId);
    const accepted = async (token: string) => (await verifyBearer(`Bearer ${token}`, { key }))?.sub;

    it('accepts a token shaped as Cognito issues it', async () => {
      expect(await accepted(await idToken().sign(key.privateKey))).toBe('demo-therapist');
    });

    it.each<[string, () => Promise<string>]>([
      ['no exp', () => withoutClaim('exp')],
      ['no iat', () => withoutClaim('iat')],
      [
        'an iat in the future',
        () =>
          idToken()
            .setIssuedAt(now() + 600)
            .sign(key.privateKey),
      ],
      [
        'an nbf in the future',
        () =>
          idToken()
            .setNotBefore(now() + 600)
            .sign(key.privateKey),
      ],
      ['no token_use', () => withoutClaim('token_use')],
      ['a token_use Cognito never issues', () => idToken({ token_use: 'refresh' }).sign(key.privateKey)],
      [
        'an ID token with client_id but no aud',
        () => cognitoShaped(key, { token_use: 'id', client_id: localClientId }).sign(key.privateKey),
      ],
      [
        'an access token without client_id',
        () => cognitoShaped(key, { token_use: 'access' }).setAudience(localClientId).sign(key.privateKey),
      ],
      // API Gateway reads client_id only when there is no aud.
      [
        'a foreign aud beside the right client_id',
        () =>
          cognitoShaped(key, { token_use: 'access', client_id: localClientId })
            .setAudience('someone-else')
            .sign(key.privateKey),
      ],
      ['no kid', () => idToken({}, { alg: 'ES256' }).sign(key.privateKey)],
      [
        'a kid that is not the signing key',
        () => idToken({}, { alg: 'ES256', kid: 'another-key' }).sign(key.privateKey),
      ],
      ['no sub', () => withoutClaim('sub')],
    ])('rejects a token with %s', async (_, make) => {
      expect(await accepted(await make())).toBeUndefined();
    });

    /** A Cognito-shaped ID token signed by the right key, with one claim left out. */
    async function withoutClaim(claim: 'exp' | 'iat' | 'token_use' | 'sub'): Promise<string> {
      const t = now();
      const claims: JWTPayload = {
        token_use: 'id',
        sub: 'demo-therapist',
        iss: localIssuer,
        aud: localClientId,
        iat: t,
        exp: t + 3600,
      };
      delete claims[claim];
      return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid }).sign(key.privateKey);
    }
  });

  it('passes claims as strings, as API Gateway does', () => {
    expect(
      claimsAsApiGatewayPasses({ sub: 'x', exp: 1700000000, email_verified: true, 'cognito:groups': ['a', 'b'] }),
    ).toEqual({
      sub: 'x',
      exp: '1700000000',
      email_verified: 'true',
      'cognito:groups': '[a b]',
    });
  });
});
