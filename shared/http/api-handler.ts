/**
 * The middleware stack every capability Lambda shares: route by API Gateway's routeKey, check auth
 * from the JWT authorizer's claims, enforce size and content type, validate with zod, honour
 * Idempotency-Key, run one operation, and map errors to problem+json (or a page) in one place.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from '../zod.js';
import { routeKey as keyOf, routesOf, type Capability, type Route } from '../manifest/routes.js';
import { getRuntime, type Runtime } from '../runtime.js';
import { IdempotencyStore } from '../store/idempotency.js';
import { errorPage, pageSecurityPolicy } from './html.js';
import { idempotencyScope } from './idempotency-scope.js';
import type { HttpResult, Operation, OperationTable } from './operation.js';
import { fieldErrors, problem, problemFromError, unexpectedHeading, unexpectedProblem, validationProblem, type Problem } from './problem.js';
import { securityHeaders } from './security-headers.js';

export const maxBodyBytes = 16 * 1024;
/** The most a form body may weigh encoded: a 4-byte character percent-encoded is 12 bytes. */
const formEncodingAllowance = 12;

const tooLarge = (): RequestRejected => new RequestRejected(problem(413, 'too-large', `The request body is larger than ${maxBodyBytes / 1024} KB. Please shorten it.`));

/** Public routes carry no authorizer; therapist routes carry the JWT authorizer's claims. */
export type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};
export type ApiResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

class RequestRejected extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

function respond(result: HttpResult): ApiResponse {
  if (result.html !== undefined) {
    return {
      statusCode: result.status,
      headers: {
        ...securityHeaders,
        'content-type': 'text/html; charset=utf-8',
        // A page with a script or one that may be framed sets its own (pageSecurityPolicy with hashes, origins).
        'content-security-policy': pageSecurityPolicy(),
        ...result.headers,
      },
      body: result.html,
    };
  }
  if (result.text !== undefined) {
    return { statusCode: result.status, headers: { ...securityHeaders, 'content-type': result.text.contentType, ...result.headers }, body: result.text.body };
  }
  // Not Modified carries validators, never a body or a content type.
  if (result.status === 304) return { statusCode: 304, headers: { ...securityHeaders, ...result.headers } };
  const isProblem = result.status >= 400;
  return {
    statusCode: result.status,
    headers: { ...securityHeaders, 'content-type': isProblem ? 'application/problem+json' : 'application/json', ...result.headers },
    ...(result.json === undefined ? {} : { body: JSON.stringify(result.json) }),
  };
}

function problemResult(p: Problem, op: Operation | undefined, headers?: Record<string, string>): HttpResult {
  if (op?.responds === 'html') return { status: p.status, html: errorPage(p.status >= 500 ? unexpectedHeading : p.title, p.detail), ...(headers ? { headers } : {}) };
  return { status: p.status, json: p, ...(headers ? { headers } : {}) };
}

function lowerCaseHeaders(headers: ApiEvent['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

function parse<T>(schema: z.ZodMiniType<T> | undefined, value: unknown, where: 'path' | 'query' | 'body'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A malformed id in the path names nothing that exists.
  if (where === 'path') throw new RequestRejected(problem(404, 'not-found', 'We could not find that.'));
  throw new RequestRejected(validationProblem(fieldErrors(result.error, where === 'query' ? ['query'] : [])));
}

function readBody(event: ApiEvent, headers: Record<string, string>, op: Operation): unknown {
  const raw = event.body === undefined || event.body === null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const isForm = op.bodyFormat === 'form' && type === 'application/x-www-form-urlencoded';
  // A form's limit is on what was typed: percent-encoding makes one character of most scripts 6 to 12
  // bytes, so a message well inside its length could otherwise be refused, and a page would lose it.
  if (Buffer.byteLength(raw, 'utf8') > (isForm ? maxBodyBytes * formEncodingAllowance : maxBodyBytes)) throw tooLarge();
  if (raw.trim() === '') return {};
  const isJson = type === 'application/json' || type.endsWith('+json');
  if (isForm) {
    const fields = new URLSearchParams(raw);
    let bytes = 0;
    for (const [name, value] of fields) bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
    if (bytes > maxBodyBytes) throw tooLarge();
    return Object.fromEntries(fields);
  }
  if (!isJson) {
    const accepted = op.bodyFormat === 'form' ? 'application/x-www-form-urlencoded or application/json' : 'application/json';
    throw new RequestRejected(problem(415, 'unsupported-media-type', `Send the body as ${accepted}.`));
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new RequestRejected(problem(400, 'malformed-json', 'The request body is not valid JSON.'));
  }
}

function idempotencyKey(headers: Record<string, string>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new RequestRejected(validationProblem([{ path: 'Idempotency-Key', message: 'Use 1 to 255 visible ASCII characters, such as a UUID.' }]));
  return key;
}

export function createApiHandler(capability: Capability, operations: OperationTable) {
  const routes = new Map<string, Route>(routesOf(capability).map((r) => [keyOf(r), r]));
  for (const route of routes.values())
    if (!operations[route.operation]) throw new Error(`Capability ${capability} has no operation ${route.operation}`);

  async function handle(event: ApiEvent, runtime: Runtime): Promise<ApiResponse> {
    const started = performance.now();
    const route = routes.get(event.routeKey);
    const op = route ? operations[route.operation] : undefined;
    let result: HttpResult;
    let outcome = 'ok';
    try {
      if (!route || !op) throw new RequestRejected(problem(404, 'no-route', 'There is nothing at this address.'));
      result = await run(event, route, op, runtime);
    } catch (error) {
      if (error instanceof RequestRejected) {
        result = problemResult(error.problem, op);
        outcome = error.problem.type.split('/').pop()!;
      } else {
        const mapped = problemFromError(error);
        if (mapped) {
          result = problemResult(mapped.problem, op, mapped.headers);
          outcome = mapped.problem.type.split('/').pop()!;
        } else {
          outcome = 'error';
          // Never the message: SDK errors can quote item contents.
          runtime.logger.error('unhandled error', { requestId: event.requestContext.requestId, route: event.routeKey, errorName: error instanceof Error ? error.name : typeof error, stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined });
          const reader = op?.reader ?? (route?.auth === 'therapist' ? 'therapist' : 'client');
          result = problemResult(unexpectedProblem(reader, event.requestContext.requestId), op);
        }
      }
    }
    runtime.logger.info('request', { route: event.routeKey, status: result.status, outcome, ms: Math.round(performance.now() - started), requestId: event.requestContext.requestId });
    return respond(result);
  }

  async function run(event: ApiEvent, route: Route, op: Operation, runtime: Runtime): Promise<HttpResult> {
    const headers = lowerCaseHeaders(event.headers);
    let therapistId: string | undefined;
    if (route.auth === 'therapist') {
      const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
      if (typeof sub !== 'string' || sub === '') throw new RequestRejected(problem(401, 'unauthorized', 'Sign in to continue: send a valid bearer token.'));
      therapistId = sub;
    }
    const params = parse(op.params, event.pathParameters ?? {}, 'path');
    const query = parse(op.query, event.queryStringParameters ?? {}, 'query');
    const rawBody = route.method === 'POST' || route.method === 'PUT' ? readBody(event, headers, op) : {};
    const body = op.body ? parse(op.body, rawBody, 'body') : undefined;
    if (!op.body && rawBody && typeof rawBody === 'object' && Object.keys(rawBody).length > 0)
      throw new RequestRejected(validationProblem([{ path: '(body)', message: 'This request takes no body. Send it empty.' }]));

    const input = {
      params, query, body, therapistId, headers,
      now: new Date(event.requestContext.timeEpoch),
      sourceIp: event.requestContext.http.sourceIp,
      requestId: event.requestContext.requestId,
    };

    const key = route.method === 'POST' ? idempotencyKey(headers) : undefined;
    if (!key) return op.run(input, runtime);

    const store = new IdempotencyStore(runtime.db, runtime.config.tableName);
    const { scope, requestDigest: requestHash } = idempotencyScope({
      routeKey: event.routeKey,
      pathParameters: event.pathParameters ?? {},
      therapistId,
      tokenInPath: route.path.includes('{token}'),
      idempotencyKey: key,
      body: rawBody,
    });
    const nowMs = event.requestContext.timeEpoch;
    const claim = await store.claim(scope, requestHash, nowMs);
    if (claim.kind === 'replay') return { ...claim.response, headers: { ...claim.response.headers, 'idempotent-replayed': 'true' } };
    if (claim.kind === 'mismatch')
      throw new RequestRejected(problem(422, 'idempotency-key-reused', 'This Idempotency-Key was already used with a different body. Use a new key for a new request.'));
    if (claim.kind === 'in-progress')
      throw new RequestRejected(problem(409, 'idempotency-in-progress', 'A request with this Idempotency-Key is still being processed. Try again shortly.'));
    let result: HttpResult;
    try {
      result = await op.run(input, runtime);
    } catch (error) {
      const mapped = problemFromError(error);
      if (!mapped) {
        await store.release(scope);
        throw error;
      }
      result = problemResult(mapped.problem, op, mapped.headers);
    }
    // A rate-limited answer is about that moment, not about the request: let a later retry run.
    if (result.status === 429) await store.release(scope);
    else await store.complete(scope, requestHash, result, nowMs);
    return result;
  }

  return middy<ApiEvent, ApiResponse>().handler((event) => handle(event, getRuntime()));
}
