/**
 * Problem and page errors: whatever went wrong becomes the answer in one place. A refusal from a
 * middleware (RequestRejected) and a domain error (problem.ts) become problem+json, or a kind page on
 * an html operation; an answer made early (Answered) is passed on; anything else is a 500 that says how
 * else to get help, logged with its error name and stack only (SDK errors can quote item contents).
 */
import type { Operation, HttpResult } from '../operation.js';
import { errorPage } from '../html.js';
import { problemFromError, unexpectedHeading, unexpectedProblem, type Problem } from '../problem.js';
import { Answered, RequestRejected, type ApiMiddleware } from './state.js';

export function problemResult(p: Problem, op: Operation | undefined, headers?: Record<string, string>): HttpResult {
  if (op?.responds === 'html')
    return {
      status: p.status,
      html: errorPage(p.status >= 500 ? unexpectedHeading : p.title, p.detail),
      ...(headers ? { headers } : {}),
    };
  return { status: p.status, json: p, ...(headers ? { headers } : {}) };
}

const codeOf = (p: Problem): string => p.type.split('/').pop()!;

export function problemErrors(): ApiMiddleware {
  return {
    name: 'problemErrors',
    onError: (request) => {
      // An inner middleware (idempotency) already answered with what it recorded.
      if (request.response !== undefined) return;
      const { error, event } = request;
      const internal = request.context.api;
      const op = internal.operation;
      if (error instanceof Answered) {
        request.response = error.result;
        return;
      }
      if (error instanceof RequestRejected) {
        internal.outcome = codeOf(error.problem);
        request.response = problemResult(error.problem, op);
        return;
      }
      const mapped = problemFromError(error);
      if (mapped) {
        internal.outcome = codeOf(mapped.problem);
        request.response = problemResult(mapped.problem, op, mapped.headers);
        return;
      }
      internal.outcome = 'error';
      internal.runtime?.logger.error('unhandled error', {
        requestId: event.requestContext.requestId,
        route: event.routeKey,
        errorName: error instanceof Error ? error.name : typeof error,
        stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined,
      });
      const reader = op?.reader ?? (internal.route?.auth === 'therapist' ? 'therapist' : 'client');
      request.response = problemResult(unexpectedProblem(reader, event.requestContext.requestId), op);
    },
  };
}
