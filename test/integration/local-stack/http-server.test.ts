import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Capability } from '#shared/manifest/routes.js';
import type { ApiEvent } from '#shared/http/api-handler.js';
import { cors } from '#infra/cors.js';
import { startApiServer, type RunningApiServer } from '#infra/local/http-server.js';
import {
  loadSigningKey,
  localClientId,
  localIssuer,
  signTherapistToken,
  verifyBearer,
  type LocalSigningKey,
} from '#infra/local/jwt.js';
import { seedTherapists } from '#infra/local/seed.js';
import { loadHandler, type ApiHandler } from '#infra/local/stack.js';
import { useTestEnvironment } from '#test/support/environment.js';

const env = useTestEnvironment();
const appOrigin = 'https://app.example.org';
const dir = mkdtempSync(join(tmpdir(), 'threshold-http-'));
let key: LocalSigningKey;
let api: RunningApiServer;
const logLines: string[] = [];

/** Stands in for a capability that has no handler file yet, recording what API Gateway would hand it. */
const seen: ApiEvent[] = [];
let answer: (event: ApiEvent) => Promise<unknown> = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: '{"ok":true}',
});
const recording: ApiHandler = async (event) => {
  seen.push(event);
  return answer(event);
};

beforeAll(async () => {
  key = await loadSigningKey(join(dir, 'key.json'));
  await seedTherapists(env.runtime().db, env.tableName);
  const real = await loadHandler('enquiries');
  api = await startApiServer({
    port: 0,
    handlerFor: async (capability: Capability) =>
      capability === 'enquiries' ? real : capability === 'therapist' ? recording : undefined,
    verify: (authorization) => verifyBearer(authorization, { key }),
    log: (line) => logLines.push(line),
    bodyLimitBytes: 64 * 1024,
    allowedOrigins: [appOrigin],
  });
});
afterAll(async () => {
  await api?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  seen.length = 0;
  answer = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
});

const bearer = async (sub = 'demo-therapist', options: { expiresIn?: number; now?: Date } = {}) =>
  `Bearer ${await signTherapistToken(sub, { expiresIn: options.expiresIn ?? 3600, key, ...(options.now ? { now: options.now } : {}) })}`;

describe('local HTTP API', () => {
  it('serves GET /health through the real enquiries handler', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /health/ready once the table answers a read', async () => {
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('creates an enquiry through the real handler', async () => {
    const response = await fetch(`${api.url}/therapists/demo-therapist/enquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Jo Bloggs',
        email: `jo-${Date.now()}@example.test`,
        consent: true,
        message: 'Hello, I would like to talk.',
      }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ enquiryId: expect.any(String), status: 'received' });
  });

  it('answers an unknown path with a 404 problem', async () => {
    const response = await fetch(`${api.url}/nowhere/at/all?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: expect.stringContaining('no-route'),
      title: 'Not found',
      status: 404,
      detail: expect.any(String),
    });
  });

  it('answers a known path with the wrong method with a 405 naming the allowed ones', async () => {
    const response = await fetch(`${api.url}/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toMatchObject({ status: 405, title: 'Method not allowed' });
  });

  it('answers therapist routes without a valid token exactly as the JWT authorizer does, without invoking the function', async () => {
    const forgedKey = await loadSigningKey(join(dir, 'forged.json'));
    const forged = `Bearer ${await signTherapistToken('demo-therapist', { expiresIn: 3600, key: forgedKey })}`;
    const expired = await bearer('demo-therapist', { expiresIn: 60, now: new Date(Date.now() - 7200_000) });
    // Signed by the right key, but with no expiry: Cognito never issues one, and it would never lapse.
    const endless = `Bearer ${await new SignJWT({ token_use: 'id' }).setProtectedHeader({ alg: 'ES256', kid: key.kid }).setSubject('demo-therapist').setIssuer(localIssuer).setAudience(localClientId).setIssuedAt().sign(key.privateKey)}`;
    for (const authorization of [undefined, 'Bearer', 'Basic ZGVtbzpkZW1v', forged, expired, endless]) {
      const response = await fetch(`${api.url}/me/enquiries`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.text()).toBe('{"message":"Unauthorized"}');
    }
    expect(seen).toHaveLength(0);
  });

  it('passes verified claims as strings, path and query parameters, cookies and the source IP', async () => {
    const response = await fetch(`${api.url}/me/enquiries/enq-1?status=received&status=accepted`, {
      headers: { authorization: await bearer('demo-therapist'), cookie: 'a=1; b=2', 'x-custom': 'yes' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const [event] = seen;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /me/enquiries/{enquiryId}',
      rawPath: '/me/enquiries/enq-1',
      rawQueryString: 'status=received&status=accepted',
      queryStringParameters: { status: 'received,accepted' },
      pathParameters: { enquiryId: 'enq-1' },
      cookies: ['a=1', 'b=2'],
      requestContext: {
        routeKey: 'GET /me/enquiries/{enquiryId}',
        http: { method: 'GET', path: '/me/enquiries/enq-1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event!.headers['x-custom']).toBe('yes');
    expect(event!.headers.cookie).toBeUndefined();
    const claims = event!.requestContext.authorizer!.jwt.claims;
    expect(claims.sub).toBe('demo-therapist');
    expect(claims.token_use).toBe('id');
    expect(typeof claims.exp).toBe('string');
    expect(claims.email_verified).toBe('true');
  });

  it('base64-encodes non-text bodies, as API Gateway does for form posts', async () => {
    await fetch(`${api.url}/me/enquiries/enq-2/accept`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'note=see+you',
    });
    expect(seen[0]).toMatchObject({ isBase64Encoded: true, body: Buffer.from('note=see+you').toString('base64') });
    seen.length = 0;
    await fetch(`${api.url}/me/enquiries/enq-2/accept`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'application/json' },
      body: '{"note":"hi"}',
    });
    expect(seen[0]).toMatchObject({ isBase64Encoded: false, body: '{"note":"hi"}' });
  });

  it('rejects bodies over the socket limit before any function runs', async () => {
    const response = await fetch(`${api.url}/me/enquiries/enq-3/accept`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'x'.repeat(70 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  it("reads a body far past the limit to its end and answers 413 with the functions' problem, declared or streamed", async () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const declared = await fetch(`${api.url}/me/enquiries/enq-5/accept`, {
      method: 'POST',
      headers: { authorization: await bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ note: big }),
    });
    const chunk = new TextEncoder().encode(big.slice(0, 256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 16) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(`${api.url}/therapists/demo-therapist/enquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    for (const response of [declared, streamed]) {
      expect(response.status).toBe(413);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toEqual({
        type: 'https://threshold.dev/problems/too-large',
        title: 'Payload too large',
        status: 413,
        detail: 'The request body is larger than 16 KB. Please shorten it.',
      });
    }
    expect(seen).toHaveLength(0);
  });

  it('maps results as API Gateway does: cookies, base64 bodies, bare JSON and function errors', async () => {
    const auth = { authorization: await bearer() };
    answer = async () => ({ statusCode: 204, headers: { 'x-n': 5 }, cookies: ['s=1; HttpOnly', 't=2'] });
    let response = await fetch(`${api.url}/me/enquiries`, { headers: auth });
    expect(response.status).toBe(204);
    expect(response.headers.get('x-n')).toBe('5');
    expect(response.headers.getSetCookie()).toEqual(['s=1; HttpOnly', 't=2']);

    answer = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('binary-ish').toString('base64'),
      isBase64Encoded: true,
    });
    response = await fetch(`${api.url}/me/enquiries`, { headers: auth });
    expect(await response.text()).toBe('binary-ish');

    answer = async () => ({ items: [] });
    response = await fetch(`${api.url}/me/enquiries`, { headers: auth });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [] });

    answer = async () => {
      throw new Error('kaboom');
    };
    const quiet = console.error;
    console.error = () => undefined;
    try {
      response = await fetch(`${api.url}/me/enquiries`, { headers: auth });
    } finally {
      console.error = quiet;
    }
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
  });

  it('answers 501 for a route whose capability has no handler yet', async () => {
    const bare = await startApiServer({
      port: 0,
      handlerFor: async () => undefined,
      verify: async () => undefined,
      log: () => undefined,
    });
    try {
      const response = await fetch(`${bare.url}/health`);
      expect(response.status).toBe(501);
      expect(await response.json()).toMatchObject({
        status: 501,
        detail: expect.stringContaining('functions/enquiries/handler.ts'),
      });
    } finally {
      await bare.stop();
    }
  });

  it('logs one line per request with the route key, never the path, query string or token', async () => {
    logLines.length = 0;
    const token = await bearer();
    await fetch(`${api.url}/me/enquiries/secret-id?status=private`, { headers: { authorization: token } });
    await fetch(`${api.url}/actions/very-secret-token`);
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toMatch(/^\[api\] GET \/me\/enquiries\/\{enquiryId\} 200 \d+ms$/);
    expect(logLines[1]).toMatch(/^\[api\] GET \/actions\/\{token\} \d{3} \d+ms$/);
    for (const line of logLines)
      for (const secret of ['secret-id', 'private', 'very-secret-token', token.slice(7, 40)])
        expect(line).not.toContain(secret);
  });
});

/** What every handler answer carries (shared/http/api-handler.ts): the local server's own answers must too. */
const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const headersOf = (response: Response) => Object.fromEntries(response.headers);

describe('the local server’s own answers', () => {
  it('carry the handlers’ security headers: 400, 401, 404, 405 and 413', async () => {
    const answers = [
      await fetch(`${api.url}/actions/%E0%A4%A`),
      await fetch(`${api.url}/me/enquiries`),
      await fetch(`${api.url}/nowhere`),
      await fetch(`${api.url}/health`, { method: 'DELETE' }),
      await fetch(`${api.url}/me/enquiries/enq-4/accept`, {
        method: 'POST',
        headers: { authorization: await bearer(), 'content-type': 'application/json' },
        body: 'x'.repeat(70 * 1024),
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual([400, 401, 404, 405, 413]);
    for (const response of answers) expect(headersOf(response)).toMatchObject(securityHeaders);
    expect(seen).toHaveLength(0);
  });
});

describe('CORS, as the HTTP API’s corsPreflight configures API Gateway', () => {
  const preflight = (path: string, origin: string) =>
    fetch(`${api.url}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });

  it('answers a preflight from an allowed origin itself, on any route, without credentials or the function', async () => {
    for (const path of ['/me/enquiries/enq-5/accept', '/therapists/demo-therapist/enquiries']) {
      const response = await preflight(path, appOrigin);
      expect(response.status).toBe(204);
      const headers = headersOf(response);
      expect(headers).toMatchObject({
        'access-control-allow-origin': appOrigin,
        'access-control-max-age': String(cors.maxAgeSeconds),
        ...securityHeaders,
      });
      expect(headers['access-control-allow-methods']!.split(',')).toEqual([...cors.allowMethods]);
      expect(headers['access-control-allow-headers']!.split(',')).toEqual([...cors.allowHeaders]);
      expect(headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect(seen).toHaveLength(0);
  });

  it('gives a preflight from any other origin no permission', async () => {
    const response = await preflight('/me/enquiries', 'https://evil.example');
    expect(response.status).toBe(204);
    expect(Object.keys(headersOf(response)).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('adds the allowed origin to answers, and ignores CORS headers a function sends', async () => {
    answer = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*' },
      body: '{"ok":true}',
    });
    const fromApp = await fetch(`${api.url}/me/enquiries`, {
      headers: { authorization: await bearer(), origin: appOrigin },
    });
    expect(fromApp.headers.get('access-control-allow-origin')).toBe(appOrigin);
    const fromElsewhere = await fetch(`${api.url}/me/enquiries`, {
      headers: { authorization: await bearer(), origin: 'https://evil.example' },
    });
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    // API Gateway's own answers carry it too, so a browser app can read a 401.
    const unauthorised = await fetch(`${api.url}/me/enquiries`, { headers: { origin: appOrigin } });
    expect(unauthorised.headers.get('access-control-allow-origin')).toBe(appOrigin);
  });
});
