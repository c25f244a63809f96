/**
 * An operation is what one route does: the zod schemas of its inputs and one call into a use case.
 * Handlers stay thin: parsing, validation, auth and error mapping happen in api-handler.ts.
 */
import type * as z from '../zod.js';
import type { Runtime } from '../runtime.js';
import type { Reader } from './problem.js';

export interface OperationInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The Cognito `sub` of the calling therapist on therapist routes. */
  therapistId: string | undefined;
  /** Request time from API Gateway (`requestContext.timeEpoch`): domain code never reads the clock. */
  now: Date;
  sourceIp: string;
  headers: Readonly<Record<string, string>>;
  requestId: string;
}

export interface HttpResult {
  status: number;
  json?: unknown;
  html?: string;
  /** Any other body (a calendar file), sent with its own content type. */
  text?: { contentType: string; body: string };
  headers?: Record<string, string>;
}

export interface Operation<P = unknown, Q = unknown, B = unknown> {
  params?: z.ZodMiniType<P>;
  query?: z.ZodMiniType<Q>;
  body?: z.ZodMiniType<B>;
  /** `form` accepts application/x-www-form-urlencoded (the no-JavaScript pages); default json. */
  bodyFormat?: 'json' | 'form';
  /** html operations answer errors with a page, not problem+json; calendar ones answer text/calendar (errors stay problem+json). */
  responds?: 'json' | 'html' | 'calendar';
  /**
   * Who reads this route's answers when it is not whom the auth kind implies (public routes: a
   * client; therapist routes: the therapist). A therapist's one-click action pages are public routes.
   */
  reader?: Reader;
  /** Response schema, for the OpenAPI document. */
  response?: z.ZodMiniType;
  run(input: OperationInput<P, Q, B>, runtime: Runtime): Promise<HttpResult>;
}

/** Infers the input types from the schemas so `run` is fully typed. */
export function operation<P = undefined, Q = undefined, B = undefined>(def: Operation<P, Q, B>): Operation<P, Q, B> {
  return def;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous table, each entry typed at its definition
export type OperationTable = Record<string, Operation<any, any, any>>;
