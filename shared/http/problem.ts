/**
 * application/problem+json responses, and the one place where domain errors become HTTP statuses.
 */
import type * as z from '../zod.js';
import {
  DomainError,
  LinkGone,
  LinkInvalid,
  NotFound,
  NotTakingMessages,
  RateLimited,
  RuleViolation,
  StateConflict,
  Unsendable,
} from '../domain/errors.js';
import { NotTakingNewClients } from '../domain/new-clients.js';
import { isLostRace } from '../store/dynamo.js';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `https://threshold.dev/problems/${code}`, title: titles[status] ?? 'Error', status, detail, ...extra };
}

/** Who reads an answer; it decides where a 500 sends them for help. */
export type Reader = 'client' | 'therapist';

/** The heading a page gives a 500, in place of the status phrase. */
export const unexpectedHeading = 'This did not go through';

/**
 * The answer to an error nothing expected (DynamoDB unreachable, a bug). It once said "Nothing you
 * sent was lost", when nothing had been kept. "Did not go through" is what is true: an operation
 * makes its change in one transaction, its last step, so an error leaves the change unmade (the
 * rare error after a commit, with the answer lost on the way back, meets the conflict or duplicate
 * checks on a retry), and the Idempotency-Key is released, so trying again really runs again. A client may be writing to a stranger in distress,
 * so the answer says how else to reach them; a therapist gets a reference to quote to whoever runs
 * their deployment (it is the request id in the function's log line).
 */
export function unexpectedProblem(reader: Reader, requestId: string): Problem {
  const what = 'This did not go through because of a problem on our side. Please try again in a few minutes.';
  const help =
    reader === 'client'
      ? 'If it keeps happening, please contact the therapist another way, such as by phone or by their own email address.'
      : `If it keeps happening, please tell whoever runs Threshold for your practice, and quote reference ${requestId}.`;
  return problem(500, 'internal', `${what} ${help}`, { requestId });
}

/** One entry per bad field, with messages a person can act on. */
export function fieldErrors(error: z.core.$ZodError, prefix: string[] = []): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.join(', ');
      return {
        path: [path, issue.keys[0]].filter(Boolean).join('.'),
        message: `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${keys}. Remove ${issue.keys.length > 1 ? 'them' : 'it'}.`,
      };
    }
    return { path: path || '(body)', message: issue.message };
  });
}

export function validationProblem(errors: FieldError[]): Problem {
  const detail =
    errors.length === 1
      ? `Please fix ${errors[0]!.path}: ${errors[0]!.message}`
      : `Please fix the ${errors.length} fields listed in errors.`;
  return problem(400, 'validation', detail, { errors });
}

export interface MappedError {
  problem: Problem;
  headers?: Record<string, string>;
  /** About that moment, not about the request: the Idempotency-Key is released, so the same request sent again runs again. */
  momentary?: true;
}

/** The answer to a write that lost a race (isLostRace): nothing was changed, and trying again is safe. */
export const changedMeanwhileProblem = (): Problem =>
  problem(
    409,
    'changed-meanwhile',
    'Something changed this at the same moment, so your request made no change. Please look at it again and try once more.',
  );

/** Domain errors, and writes that lost a race, to HTTP. Anything else is a 500 and is logged by the caller. */
export function problemFromError(error: unknown): MappedError | undefined {
  if (isLostRace(error)) return { problem: changedMeanwhileProblem(), momentary: true };
  if (!(error instanceof DomainError)) return undefined;
  if (error instanceof NotFound) return { problem: problem(404, error.code, error.message) };
  if (error instanceof StateConflict) return { problem: problem(409, error.code, error.message, error.extra ?? {}) };
  // The therapist's status is public (their contact page shows it): saying so reveals nothing about anyone.
  if (error instanceof NotTakingNewClients)
    return {
      problem: problem(409, error.code, error.message, {
        therapist: { displayName: error.therapistName },
        ...(error.note ? { note: error.note } : {}),
        otherHelp: error.otherHelp,
        crisisLines: error.crisisLines,
      }),
    };
  // Gone rather than not found: the address was a therapist's, and the person hears where else to turn.
  if (error instanceof NotTakingMessages)
    return {
      problem: problem(410, error.code, error.message, {
        therapist: { displayName: error.therapistName },
        otherHelp: error.otherHelp,
        crisisLines: error.crisisLines,
      }),
    };
  if (error instanceof LinkInvalid) return { problem: problem(401, error.code, error.message) };
  if (error instanceof LinkGone) return { problem: problem(410, error.code, error.message, { reason: error.reason }) };
  if (error instanceof RateLimited)
    return {
      problem: problem(429, error.code, error.message),
      headers: { 'retry-after': String(error.retryAfterSeconds) },
      momentary: true,
    };
  if (error instanceof Unsendable) return { problem: problem(422, error.code, error.message, { field: error.field }) };
  if (error instanceof RuleViolation)
    return { problem: validationProblem([{ path: error.path, message: error.message }]) };
  return { problem: problem(400, error.code, error.message) };
}
