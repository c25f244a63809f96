/**
 * The local HTTP API: what API Gateway (HTTP API, payload 2.0, JWT authorizer) does in front of the
 * capability functions, over node:http. Routes come from the one route list via matchRoute; events
 * from buildApiEvent; the response mapping follows API Gateway's rules for payload 2.0, so a handler
 * that works here answers the same way behind API Gateway.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JWTPayload } from 'jose';
import { routeKey, type Capability, type HttpMethod } from '#shared/manifest/routes.js';
import { problem, type Problem } from '#shared/http/problem.js';
import { tooLarge } from '#shared/http/middleware/body-limits.js';
import { securityHeaders } from '#shared/http/security-headers.js';
import { cors } from '../cors.js';
import { buildApiEvent, matchRoute, type RouteMatch } from './api-event.js';
import { claimsAsApiGatewayPasses } from './jwt.js';
import { lambdaContext, repoRoot, type ApiHandler } from './stack.js';

/** API Gateway takes far larger bodies; anything past this is a mistake, and the 16 KB rule is the handler's. */
export const socketBodyLimitBytes = 1024 * 1024;

export interface ApiServerOptions {
  /** The capability's handler, or undefined while it has none. */
  handlerFor(capability: Capability): Promise<ApiHandler | undefined>;
  /** Verified claims for an Authorization header, or undefined where the JWT authorizer answers 401. */
  verify(authorization: string | undefined): Promise<JWTPayload | undefined>;
  /** The OpenAPI document served at GET /openapi.json, or undefined when there is none. */
  openApiDocument?: () => Promise<unknown>;
  log?: (line: string) => void;
  /** Request time handed to handlers; tests move it. */
  now?: () => Date;
  bodyLimitBytes?: number;
  /** Browser origins CORS allows: the stage's `allowedOrigins`, as API Gateway is configured with them. */
  allowedOrigins?: readonly string[];
}

const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** Content types API Gateway passes as text; it base64-encodes every other body (form posts included). */
const isTextual = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return (
    type === '' ||
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript'
  );
};

class BodyTooLarge extends Error {}

/**
 * The body, or BodyTooLarge once it has been read to its end. A body past the limit is drained, not
 * kept, and not cut off: a client still sending when the answer goes out would see the connection
 * reset instead of the 413, as it never does from API Gateway.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((done, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) chunks = [];
      else chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : done(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body?: string | Buffer,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

// The server's own answers carry the handlers' security headers: a 401 or a 404 is read by the same browsers.
const sendProblem = (res: ServerResponse, p: Problem, extra: Record<string, string> = {}) =>
  send(res, p.status, { ...securityHeaders, 'content-type': 'application/problem+json', ...extra }, JSON.stringify(p));

/** API Gateway's own answers (authorizer, integration failure) are not problem+json: mirror their bodies exactly. */
const sendGatewayMessage = (res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}) =>
  send(res, status, { ...securityHeaders, 'content-type': 'application/json', ...extra }, JSON.stringify({ message }));

/**
 * CORS as API Gateway does it for an HTTP API with corsPreflight: it answers a preflight (OPTIONS
 * with Origin and Access-Control-Request-Method) itself, on any path, before routes and authorizers;
 * it adds Access-Control-Allow-Origin to every answer for an allowed Origin; and it ignores the
 * CORS headers a function returns.
 */
const isPreflight = (req: IncomingMessage): boolean =>
  req.method === 'OPTIONS' &&
  req.headers.origin !== undefined &&
  req.headers['access-control-request-method'] !== undefined;

function sendPreflight(res: ServerResponse, allowed: boolean): void {
  const permission = allowed
    ? {
        'access-control-allow-methods': cors.allowMethods.join(','),
        'access-control-allow-headers': cors.allowHeaders.join(','),
        'access-control-max-age': String(cors.maxAgeSeconds),
        ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
      }
    : {};
  send(res, 204, { ...securityHeaders, ...permission });
}

const withoutCorsHeaders = (headers: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('access-control-')));

function requestHeaders(
  req: IncomingMessage,
  sourceIp: string,
  port: number | undefined,
): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // Payload 2.0 joins repeated headers with commas.
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // Payload 2.0 moves cookies out of the headers into their own list.
  const cookies = headers.cookie
    ? headers.cookie
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean)
    : [];
  delete headers.cookie;
  headers['x-forwarded-for'] = sourceIp;
  headers['x-forwarded-proto'] = 'http';
  if (port) headers['x-forwarded-port'] = String(port);
  return { headers, cookies };
}

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, unknown>;
  body?: unknown;
  isBase64Encoded?: unknown;
  cookies?: unknown;
}

const isStructured = (value: unknown): value is StructuredResult =>
  typeof value === 'object' && value !== null && 'statusCode' in value;

/** The HTTP response API Gateway makes of a payload 2.0 result; undefined when it would answer 500. */
function toHttpResponse(
  result: unknown,
): { status: number; headers: Record<string, string | string[]>; body: Buffer } | undefined {
  if (!isStructured(result)) {
    // No statusCode: API Gateway assumes 200 and JSON, with the whole result as the body.
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const status = result.statusCode;
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  if (Array.isArray(result.cookies) && result.cookies.length) headers['set-cookie'] = result.cookies.map(String);
  const text = result.body === undefined || result.body === null ? '' : String(result.body);
  const body = result.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { status, headers, body };
}

export function createApiServer(options: ApiServerOptions): Server {
  const log = options.log ?? ((line: string) => console.log(line));
  const limit = options.bodyLimitBytes ?? socketBodyLimitBytes;

  const allowedOrigins = new Set(options.allowedOrigins ?? []);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0]!;

    const origin = req.headers.origin;
    const allowed = origin !== undefined && allowedOrigins.has(origin);
    // Set before any answer is written, so every answer below carries it, the server's own included.
    if (allowed) res.setHeader('access-control-allow-origin', origin);
    if (isPreflight(req)) {
      sendPreflight(res, allowed);
      return '(CORS preflight)';
    }

    if (path === '/openapi.json' && method === 'GET' && options.openApiDocument) {
      const document = await options.openApiDocument();
      if (document !== undefined) {
        send(res, 200, { ...securityHeaders, 'content-type': 'application/json' }, JSON.stringify(document));
        return 'GET /openapi.json';
      }
    }

    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(method, path);
    } catch {
      // A malformed percent-encoding in a path parameter.
      sendGatewayMessage(res, 400, 'Bad Request');
      return '(bad path)';
    }
    if (!match) {
      sendProblem(res, problem(404, 'no-route', 'There is nothing at this address.'));
      return '(no route)';
    }
    if ('methodNotAllowed' in match) {
      const allow = methods.filter((m) => {
        const other = matchRoute(m, path);
        return other !== undefined && !('methodNotAllowed' in other);
      });
      sendProblem(res, problem(405, 'method-not-allowed', `This address answers ${allow.join(', ')}, not ${method}.`), {
        allow: allow.join(', '),
      });
      return `${method} (method not allowed)`;
    }
    const found: RouteMatch = match;
    const key = routeKey(found.route);

    let claims: Record<string, string> | undefined;
    if (found.route.auth === 'therapist') {
      const payload = await options.verify(req.headers.authorization);
      if (!payload) {
        const challenge = req.headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer';
        sendGatewayMessage(res, 401, 'Unauthorized', { 'www-authenticate': challenge });
        return key;
      }
      claims = claimsAsApiGatewayPasses(payload);
    }

    let raw: Buffer;
    try {
      raw = await readBody(req, limit);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      // The problem the functions answer for a body past their own limit (shared/http/middleware/body-limits.ts),
      // which is what a body this size gets from the deployed API.
      sendProblem(res, tooLarge().problem);
      return key;
    }

    const handler = await options.handlerFor(found.route.capability);
    if (!handler) {
      sendProblem(
        res,
        problem(
          501,
          'not-implemented',
          `The ${found.route.capability} function has no handler yet (functions/${found.route.capability}/handler.ts).`,
        ),
      );
      return key;
    }

    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const { headers, cookies } = requestHeaders(req, sourceIp, req.socket.localPort);
    const textual = isTextual(headers['content-type']);
    const event = buildApiEvent(
      {
        method,
        url,
        headers,
        ...(raw.length ? { body: textual ? raw.toString('utf8') : raw.toString('base64') } : {}),
        sourceIp,
        ...(claims ? { claims } : {}),
        ...(options.now ? { now: options.now() } : {}),
      },
      found,
    );
    if (raw.length && !textual) event.isBase64Encoded = true;
    if (cookies.length) event.cookies = cookies;

    let response: ReturnType<typeof toHttpResponse>;
    try {
      response = toHttpResponse(await handler(event, lambdaContext(found.route.capability)));
    } catch (error) {
      // What the developer needs to fix it; in AWS this is the function's log, and the caller sees only a 500.
      console.error(`[api] ${key} handler threw:`, error);
      response = undefined;
    }
    if (!response) {
      sendGatewayMessage(res, 500, 'Internal Server Error', { 'apigw-requestid': event.requestContext.requestId });
      return key;
    }
    send(
      res,
      response.status,
      { ...withoutCorsHeaders(response.headers), 'apigw-requestid': event.requestContext.requestId },
      response.body,
    );
    return key;
  }

  return createServer((req, res) => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    handle(req, res)
      .catch((error: unknown) => {
        console.error('[api] local server error:', error);
        if (!res.headersSent) sendGatewayMessage(res, 500, 'Internal Server Error');
        else res.end();
        return '(error)';
      })
      .then((label) => {
        // Route keys, never raw paths or query strings: paths can carry single-use tokens.
        const shown = label.startsWith(`${method} `) ? label : `${method} ${label}`;
        log(`[api] ${shown} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
      });
  });
}

export interface RunningApiServer {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one); a port in use fails with a message that says what to do. */
export async function startApiServer(
  options: ApiServerOptions & { port: number; host?: string },
): Promise<RunningApiServer> {
  const server = createApiServer(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new Error(
            `Port ${options.port} is already in use. Stop whatever is using it, or choose another port: PORT=3001 npm run dev`,
          ),
        );
      else reject(error);
    });
    server.listen(options.port, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** `openApiDocument()` from functions/openapi.ts, once that module exists. */
export async function loadOpenApiDocument(): Promise<unknown> {
  const file = resolve(repoRoot, 'functions/openapi.ts');
  if (!existsSync(file)) return undefined;
  const mod: unknown = await import(pathToFileURL(file).href);
  const build = typeof mod === 'object' && mod !== null && 'openApiDocument' in mod ? mod.openApiDocument : undefined;
  return typeof build === 'function' ? (build as () => unknown)() : undefined;
}
