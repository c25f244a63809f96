/**
 * What the API pipeline's middlewares hand each other, on middy's `request.context.api` (a fresh object
 * per invocation): each middleware reads what the ones before it set, in the order a request meets
 * them (shared/http/api-handler.ts lists it).
 */
import type { Context } from 'aws-lambda';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Route } from '#shared/manifest/routes.js';
import type { Runtime } from '#shared/runtime.js';
import type { IdempotencyStore } from '#shared/store/idempotency.js';
import type { HttpResult, Operation, OperationInput } from '../operation.js';
import type { Problem } from '../problem.js';

/** Public routes carry no authorizer; therapist routes carry the JWT authorizer's claims. */
export type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};
export type ApiResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

export type ApiState = {
  runtime?: Runtime;
  started?: number;
  /** The log line's outcome: `ok`, a problem code, or `error`. */
  outcome?: string;
  route?: Route;
  operation?: Operation;
  /** The request's headers, names lower-cased. */
  headers?: Record<string, string>;
  therapistId?: string;
  params?: unknown;
  query?: unknown;
  /** The body as text, once its size and type are accepted; `format` says how to read it. */
  body?: { text: string; format: 'empty' | 'json' | 'form' };
  /** The body as parsed (before its schema): what an Idempotency-Key's digest covers. */
  rawBody?: unknown;
  input?: OperationInput<unknown, unknown, unknown>;
  /** Set once this request holds its Idempotency-Key (idempotency.ts). */
  claim?: IdempotencyClaim;
};

export interface IdempotencyClaim {
  store: IdempotencyStore;
  scope: string;
  requestHash: string;
  nowMs: number;
}

/** A request inside the pipeline: the operation's HttpResult until http-response turns it into API Gateway's answer. */
export type ApiContext = Context & { api: ApiState };
export type ApiRequest = Request<ApiEvent, HttpResult | ApiResponse, Error, ApiContext>;

/** A request refused before its operation ran: problem-errors answers it as problem+json (or a page). */
export class RequestRejected extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/**
 * An answer made before the operation ran (an idempotent replay). Thrown rather than returned:
 * middy's early return would skip the `after` steps that add headers and write the log line.
 */
export class Answered extends Error {
  constructor(readonly result: HttpResult) {
    super('answered');
  }
}

/** What a middleware needs from one before it; a gap is a pipeline assembled in the wrong order. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The API pipeline has no ${what} yet: check the order of its middlewares.`);
  return value;
}

export type ApiMiddleware = MiddlewareObj<ApiEvent, HttpResult | ApiResponse, Error, ApiContext>;
