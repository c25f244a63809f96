/**
 * A local stand-in for Cognito's OAuth 2.0 endpoints, on loopback: /oauth2/token (authorization
 * code with PKCE S256, refresh token) and /oauth2/revoke, answering as Cognito documents (form
 * bodies in, JSON out, `{"error": "invalid_grant"}` and the like on 400), and signing RS256 access
 * tokens shaped like Cognito's with a key whose JWKS the test hands to the verifier. It records every
 * request, so a test can check what the console sent. Cognito itself cannot run here.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export interface FakeCognito {
  url: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwks: Jwks;
  requests: { path: string; headers: Record<string, string | string[] | undefined>; form: Record<string, string> }[];
  /** What /oauth2/authorize would do after the person signs in (with MFA): a code bound to the challenge. */
  authorize(input: { sub: string; codeChallenge: string; redirectUri: string }): string;
  accessToken(sub: string, options?: { expiresInSeconds?: number; clientId?: string; tokenUse?: string }): Promise<string>;
  /** The next token answers fail this way (a status and a body), until cleared. */
  failWith(answer: { status: number; body: string } | undefined): void;
  /** Access tokens the refresh grant hands out last this long. */
  accessTokenSeconds: number;
  revoked: Set<string>;
  stop(): Promise<void>;
}

export async function startFakeCognito(options: { userPoolId?: string; clientId?: string; kid?: string } = {}): Promise<FakeCognito> {
  const userPoolId = options.userPoolId ?? 'eu-west-2_Fake0000';
  const clientId = options.clientId ?? 'console-client-id';
  const issuer = `https://cognito-idp.eu-west-2.amazonaws.com/${userPoolId}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = options.kid ?? randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] } as unknown as Jwks;
  const codes = new Map<string, { sub: string; challenge: string; redirectUri: string }>();
  const refreshTokens = new Map<string, string>();
  const revoked = new Set<string>();
  const requests: FakeCognito['requests'] = [];
  let failure: { status: number; body: string } | undefined;

  const sign = (key: CryptoKey, sub: string, o: { expiresInSeconds?: number; clientId?: string; tokenUse?: string } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ token_use: o.tokenUse ?? 'access', client_id: o.clientId ?? clientId, scope: 'openid email profile', auth_time: now, username: sub, origin_jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject(sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + (o.expiresInSeconds ?? 3600))
      .setJti(randomUUID())
      .sign(key);
  };

  const fake: FakeCognito = {
    url: '',
    userPoolId,
    clientId,
    issuer,
    jwks,
    requests,
    accessTokenSeconds: 3600,
    revoked,
    authorize({ sub, codeChallenge, redirectUri }) {
      const code = randomUUID();
      codes.set(code, { sub, challenge: codeChallenge, redirectUri });
      return code;
    },
    accessToken: (sub, o) => sign(privateKey, sub, o),
    failWith(answer) {
      failure = answer;
    },
    async stop() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };

  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0]!;
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        requests.push({ path, headers: req.headers, form });
        if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request' });
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json' });
          return res.end(failure.body);
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return json(res, 400, { error: 'invalid_request' });
        if (form.client_id !== clientId) return json(res, 400, { error: 'invalid_client' });
        if (path === '/oauth2/revoke') {
          if (!form.token) return json(res, 400, { error: 'invalid_request' });
          revoked.add(form.token);
          res.writeHead(200);
          return res.end();
        }
        if (path !== '/oauth2/token') return json(res, 404, { error: 'not_found' });
        if (form.grant_type === 'authorization_code') {
          const issued = form.code ? codes.get(form.code) : undefined;
          if (!issued) return json(res, 400, { error: 'invalid_grant' });
          codes.delete(form.code!);
          if (form.redirect_uri !== issued.redirectUri) return json(res, 400, { error: 'invalid_grant' });
          const challenge = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
          if (challenge !== issued.challenge) return json(res, 400, { error: 'invalid_grant' });
          const refresh = `${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
          refreshTokens.set(refresh, issued.sub);
          return json(res, 200, { access_token: await sign(privateKey, issued.sub, { expiresInSeconds: fake.accessTokenSeconds }), id_token: await sign(privateKey, issued.sub, { tokenUse: 'id' }), refresh_token: refresh, token_type: 'Bearer', expires_in: fake.accessTokenSeconds });
        }
        if (form.grant_type === 'refresh_token') {
          const sub = form.refresh_token ? refreshTokens.get(form.refresh_token) : undefined;
          if (!sub || revoked.has(form.refresh_token!)) return json(res, 400, { error: 'invalid_grant' });
          return json(res, 200, { access_token: await sign(privateKey, sub, { expiresInSeconds: fake.accessTokenSeconds }), id_token: await sign(privateKey, sub, { tokenUse: 'id' }), token_type: 'Bearer', expires_in: fake.accessTokenSeconds });
        }
        return json(res, 400, { error: 'unsupported_grant_type' });
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
