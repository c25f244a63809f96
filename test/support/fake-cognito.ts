/**
 * A local stand-in for Cognito's OAuth 2.0 endpoints, on loopback: /oauth2/token (authorization
 * code with PKCE S256, refresh token) and /oauth2/revoke, answering as Cognito documents (form
 * bodies in, JSON out, `{"error": "invalid_grant"}` and the like on 400), and signing RS256 access
 * tokens shaped like Cognito's with a key whose JWKS the test hands to the verifier. The user pool
 * API's GlobalSignOut too, at `/` (JSON 1.1: `X-Amz-Target`, `{"AccessToken"}` in, `{}` out, or 400
 * `{"__type": "NotAuthorizedException"}` for a token that is invalid, revoked, or without the
 * `aws.cognito.signin.user.admin` scope), revoking every refresh token of the user and every access
 * token issued before it, as Cognito does. It records every request, so a test can check what the
 * console sent. Cognito itself cannot run here.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';

/** The scope an access token needs for the user pool API's own calls, GlobalSignOut among them. */
export const userAdminScope = 'aws.cognito.signin.user.admin';

export interface FakeCognito {
  url: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwks: Jwks;
  requests: {
    path: string;
    headers: Record<string, string | string[] | undefined>;
    form: Record<string, string>;
    json?: unknown;
  }[];
  /**
   * What /oauth2/authorize would do after the person signs in (with MFA): a code bound to the challenge,
   * whose tokens carry the scope asked for (Cognito's default for the client when none is given).
   */
  authorize(input: { sub: string; codeChallenge: string; redirectUri: string; scope?: string }): string;
  accessToken(
    sub: string,
    options?: { expiresInSeconds?: number; clientId?: string; tokenUse?: string; scope?: string },
  ): Promise<string>;
  /** The users GlobalSignOut signed out, in order. */
  globalSignOuts: string[];
  /** The next token answers fail this way (a status and a body), until cleared. */
  failWith(answer: { status: number; body: string } | undefined): void;
  /** Access tokens the refresh grant hands out last this long. */
  accessTokenSeconds: number;
  revoked: Set<string>;
  stop(): Promise<void>;
}

export async function startFakeCognito(
  options: { userPoolId?: string; clientId?: string; kid?: string } = {},
): Promise<FakeCognito> {
  const userPoolId = options.userPoolId ?? 'eu-west-2_Fake0000';
  const clientId = options.clientId ?? 'console-client-id';
  const issuer = `https://cognito-idp.eu-west-2.amazonaws.com/${userPoolId}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = options.kid ?? randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] } as unknown as Jwks;
  const codes = new Map<string, { sub: string; challenge: string; redirectUri: string; scope: string }>();
  const refreshTokens = new Map<string, { sub: string; scope: string }>();
  /** Per user, when GlobalSignOut last ran (epoch seconds): access tokens issued at or before it are revoked. */
  const signedOutAt = new Map<string, number>();
  const globalSignOuts: string[] = [];
  const revoked = new Set<string>();
  const requests: FakeCognito['requests'] = [];
  let failure: { status: number; body: string } | undefined;

  const defaultScope = 'openid email profile';
  const sign = (
    key: CryptoKey,
    sub: string,
    o: { expiresInSeconds?: number; clientId?: string; tokenUse?: string; scope?: string } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      token_use: o.tokenUse ?? 'access',
      client_id: o.clientId ?? clientId,
      scope: o.scope ?? defaultScope,
      auth_time: now,
      username: sub,
      origin_jti: randomUUID(),
    })
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
    globalSignOuts,
    authorize({ sub, codeChallenge, redirectUri, scope }) {
      const code = randomUUID();
      codes.set(code, { sub, challenge: codeChallenge, redirectUri, scope: scope ?? defaultScope });
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

  const notAuthorized = (res: import('node:http').ServerResponse, message: string) => {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ __type: 'NotAuthorizedException', message }));
  };

  /** The user pool API's GlobalSignOut, as documented: the access token is the only credential. */
  async function globalSignOut(res: import('node:http').ServerResponse, body: unknown): Promise<void> {
    const token =
      typeof body === 'object' && body !== null && 'AccessToken' in body && typeof body.AccessToken === 'string'
        ? body.AccessToken
        : undefined;
    if (!token) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      return void res.end(JSON.stringify({ __type: 'InvalidParameterException', message: 'AccessToken is required' }));
    }
    let claims: { sub?: string; iat?: number; token_use?: unknown; scope?: unknown };
    try {
      claims = (await jwtVerify(token, publicKey, { issuer })).payload;
    } catch {
      return notAuthorized(res, 'Invalid Access Token');
    }
    if (claims.token_use !== 'access' || !claims.sub) return notAuthorized(res, 'Invalid Access Token');
    if ((signedOutAt.get(claims.sub) ?? -1) >= (claims.iat ?? 0))
      return notAuthorized(res, 'Access Token has been revoked');
    if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(userAdminScope))
      return notAuthorized(res, 'Access Token does not have required scopes');
    signedOutAt.set(claims.sub, Math.floor(Date.now() / 1000));
    for (const [refresh, issued] of refreshTokens) if (issued.sub === claims.sub) revoked.add(refresh);
    globalSignOuts.push(claims.sub);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end('{}');
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0]!;
        const text = Buffer.concat(chunks).toString('utf8');
        const target = req.headers['x-amz-target'];
        if (path === '/' && target !== undefined) {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          requests.push({ path, headers: req.headers, form: {}, json: body });
          if (failure) {
            res.writeHead(failure.status, { 'content-type': 'application/x-amz-json-1.1' });
            return res.end(failure.body);
          }
          if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-amz-json-1.1')
            return json(res, 400, { __type: 'SerializationException' });
          if (target !== 'AWSCognitoIdentityProviderService.GlobalSignOut')
            return json(res, 400, { __type: 'UnknownOperationException' });
          return globalSignOut(res, body);
        }
        const form = Object.fromEntries(new URLSearchParams(text));
        requests.push({ path, headers: req.headers, form });
        if (req.method !== 'POST') return json(res, 405, { error: 'invalid_request' });
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json' });
          return res.end(failure.body);
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
          return json(res, 400, { error: 'invalid_request' });
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
          const challenge = createHash('sha256')
            .update(form.code_verifier ?? '')
            .digest('base64url');
          if (challenge !== issued.challenge) return json(res, 400, { error: 'invalid_grant' });
          const refresh = `${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
          refreshTokens.set(refresh, { sub: issued.sub, scope: issued.scope });
          return json(res, 200, {
            access_token: await sign(privateKey, issued.sub, {
              expiresInSeconds: fake.accessTokenSeconds,
              scope: issued.scope,
            }),
            id_token: await sign(privateKey, issued.sub, { tokenUse: 'id' }),
            refresh_token: refresh,
            token_type: 'Bearer',
            expires_in: fake.accessTokenSeconds,
          });
        }
        if (form.grant_type === 'refresh_token') {
          const issued = form.refresh_token ? refreshTokens.get(form.refresh_token) : undefined;
          if (!issued || revoked.has(form.refresh_token!)) return json(res, 400, { error: 'invalid_grant' });
          return json(res, 200, {
            access_token: await sign(privateKey, issued.sub, {
              expiresInSeconds: fake.accessTokenSeconds,
              scope: issued.scope,
            }),
            id_token: await sign(privateKey, issued.sub, { tokenUse: 'id' }),
            token_type: 'Bearer',
            expires_in: fake.accessTokenSeconds,
          });
        }
        return json(res, 400, { error: 'unsupported_grant_type' });
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
