/**
 * How tests talk to Threshold. By default (`handler` mode) a request becomes a real API Gateway v2
 * event (infra/local/api-event.ts) and goes straight into the capability's handler, with the
 * therapist's claims and the test clock's `now`. With THRESHOLD_TEST_MODE=http the same request goes
 * over HTTP to THRESHOLD_API_URL (the local stack or a deployed stage) with a bearer token; there the
 * clock and the client address are the server's, so tests that move time run in handler mode only.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { buildApiEvent, matchRoute } from '#infra/local/api-event.js';
import type { Capability } from '#shared/manifest/routes.js';
import type { ApiEvent, ApiResponse } from '#shared/http/api-handler.js';

export const testMode: 'handler' | 'http' = process.env.THRESHOLD_TEST_MODE === 'http' ? 'http' : 'handler';
export const handlerMode = testMode === 'handler';

/** The test clock: every handler-mode request and sweep runs at `clock.now()`. */
export const clock = {
  current: new Date(),
  now(): Date {
    return new Date(this.current);
  },
  set(at: Date | string): void {
    this.current = new Date(at);
  },
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  },
};

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/me/enquiries?status=received`. */
  path: string;
  json?: unknown;
  form?: Record<string, string>;
  /** A raw body, sent as is (for malformed-input tests). */
  body?: string;
  headers?: Record<string, string>;
  /** Call as this therapist (JWT `sub` in handler mode, their bearer token over HTTP). */
  as?: string;
  sourceIp?: string;
  now?: Date;
}

export interface ApiReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

type ApiHandler = (event: ApiEvent, context: Context) => Promise<ApiResponse>;

const handlers: Partial<Record<Capability, () => Promise<{ handler: ApiHandler }>>> = {
  enquiries: () => import('#functions/enquiries/handler.js') as Promise<{ handler: ApiHandler }>,
  therapist: () => import('#functions/therapist/handler.js') as Promise<{ handler: ApiHandler }>,
  consultations: () => import('#functions/consultations/handler.js') as Promise<{ handler: ApiHandler }>,
  rebooking: () => import('#functions/rebooking/handler.js') as Promise<{ handler: ApiHandler }>,
  calendars: () => import('#functions/calendars/handler.js') as Promise<{ handler: ApiHandler }>,
};

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => timeoutMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function encode(call: ApiCall): { body?: string; contentType?: string } {
  if (call.body !== undefined) return { body: call.body };
  if (call.json !== undefined) return { body: JSON.stringify(call.json), contentType: 'application/json' };
  if (call.form !== undefined)
    return { body: new URLSearchParams(call.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  return {};
}

function reply(status: number, headers: Record<string, string>, text: string): ApiReply {
  return { status, headers, text, json: <T>() => JSON.parse(text) as T };
}

async function viaHandler(call: ApiCall): Promise<ApiReply> {
  const [path = '/'] = call.path.split('?', 1);
  const match = matchRoute(call.method, path);
  if (!match) return reply(404, {}, '');
  if ('methodNotAllowed' in match) return reply(405, {}, '');
  const load = handlers[match.route.capability];
  if (!load) throw new Error(`The ${match.route.capability} capability has no handler yet`);
  const { body, contentType } = encode(call);
  const event = buildApiEvent(
    {
      method: call.method,
      url: call.path,
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...call.headers },
      ...(body !== undefined ? { body } : {}),
      sourceIp: call.sourceIp ?? '192.0.2.1',
      ...(call.as ? { claims: { sub: call.as, token_use: 'access' } } : {}),
      now: call.now ?? clock.now(),
    },
    match,
  );
  const response = await (await load()).handler(event, lambdaContext(match.route.capability));
  return reply(response.statusCode, response.headers, typeof response.body === 'string' ? response.body : '');
}

/** Bearer tokens for therapists on the stack under test: THRESHOLD_THERAPISTS = [{ id, token, email }]. */
export interface RemoteTherapist {
  id: string;
  token: string;
  email: string;
}
export const remoteTherapists = (): RemoteTherapist[] =>
  JSON.parse(process.env.THRESHOLD_THERAPISTS ?? '[]') as RemoteTherapist[];

async function viaHttp(call: ApiCall): Promise<ApiReply> {
  const base = process.env.THRESHOLD_API_URL;
  if (!base) throw new Error('THRESHOLD_TEST_MODE=http needs THRESHOLD_API_URL');
  const { body, contentType } = encode(call);
  const headers: Record<string, string> = { ...(contentType ? { 'content-type': contentType } : {}), ...call.headers };
  if (call.as) {
    const therapist = remoteTherapists().find((t) => t.id === call.as);
    if (!therapist) throw new Error(`No bearer token for therapist ${call.as} in THRESHOLD_THERAPISTS`);
    headers.authorization = `Bearer ${therapist.token}`;
  }
  const response = await fetch(new URL(call.path, base), {
    method: call.method,
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: 'manual',
  });
  return reply(response.status, Object.fromEntries(response.headers), await response.text());
}

export function send(call: ApiCall): Promise<ApiReply> {
  return handlerMode ? viaHandler(call) : viaHttp(call);
}
