/**
 * Idempotency-Key on POST: the first request with a key runs and its answer is kept; a retry with
 * the same key and body gets that answer again (`idempotent-replayed`), with another body a 422, and
 * while the first still runs a 409. An error nothing expected releases the key, so trying again
 * really runs again; so does an answer about that moment, not about the request: a 429, or a 409 for
 * a write that lost a race (shared/http/problem.ts).
 */
import { idempotencyScope } from '../idempotency-scope.js';
import type { HttpResult } from '../operation.js';
import { problem, problemFromError, validationProblem } from '../problem.js';
import { problemResult } from './problem-errors.js';
import {
  Answered,
  RequestRejected,
  required,
  type ApiMiddleware,
  type ApiRequest,
  type IdempotencyClaim,
} from './state.js';

function idempotencyKey(headers: Record<string, string>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new RequestRejected(
      validationProblem([
        { path: 'Idempotency-Key', message: 'Use 1 to 255 visible ASCII characters, such as a UUID.' },
      ]),
    );
  return key;
}

export function idempotency(): ApiMiddleware {
  const finish = async (
    claimed: IdempotencyClaim,
    result: HttpResult,
    momentary = result.status === 429,
  ): Promise<void> => {
    if (momentary) await claimed.store.release(claimed.scope);
    else await claimed.store.complete(claimed.scope, claimed.requestHash, result, claimed.nowMs);
  };

  return {
    name: 'idempotency',
    before: async (request) => {
      const { event } = request;
      const internal = request.context.api;
      const route = required(internal.route, 'route');
      const key = route.method === 'POST' ? idempotencyKey(required(internal.headers, 'headers')) : undefined;
      if (!key) return;
      const runtime = required(internal.runtime, 'runtime');
      const store = runtime.store.idempotency;
      const { scope, requestDigest: requestHash } = idempotencyScope({
        routeKey: event.routeKey,
        pathParameters: event.pathParameters ?? {},
        therapistId: internal.therapistId,
        tokenInPath: route.path.includes('{token}'),
        idempotencyKey: key,
        body: internal.rawBody,
      });
      const nowMs = event.requestContext.timeEpoch;
      const claim = await store.claim(scope, requestHash, nowMs);
      if (claim.kind === 'replay')
        throw new Answered({
          ...claim.response,
          headers: { ...claim.response.headers, 'idempotent-replayed': 'true' },
        });
      if (claim.kind === 'mismatch')
        throw new RequestRejected(
          problem(
            422,
            'idempotency-key-reused',
            'This Idempotency-Key was already used with a different body. Use a new key for a new request.',
          ),
        );
      if (claim.kind === 'in-progress')
        throw new RequestRejected(
          problem(
            409,
            'idempotency-in-progress',
            'A request with this Idempotency-Key is still being processed. Try again shortly.',
          ),
        );
      // Only the request that claimed the key completes or releases it.
      internal.claim = { store, scope, requestHash, nowMs };
    },
    after: async (request: ApiRequest) => {
      const claimed = request.context.api.claim;
      if (claimed && request.response && 'status' in request.response) await finish(claimed, request.response);
    },
    onError: async (request: ApiRequest) => {
      const claimed = request.context.api.claim;
      if (!claimed) return;
      const mapped = problemFromError(request.error);
      if (!mapped) {
        await claimed.store.release(claimed.scope);
        return;
      }
      // A domain error is the request's answer: kept, and answered as the operation's own result.
      const result = problemResult(mapped.problem, request.context.api.operation, mapped.headers);
      await finish(claimed, result, mapped.momentary === true);
      request.response = result;
    },
  };
}
