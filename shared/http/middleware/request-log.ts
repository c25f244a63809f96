/**
 * Outermost HTTP middleware: opens the invocation's runtime and writes the one `request` log line
 * (route, status, outcome, duration, request id) once the answer is final. Ids and outcomes only.
 */
import type { Runtime } from '#shared/runtime.js';
import type { ApiMiddleware, ApiRequest } from './state.js';

export function requestLog(runtime: () => Runtime): ApiMiddleware {
  const write = (request: ApiRequest): void => {
    const { event, response } = request;
    const internal = request.context.api ?? {};
    internal.runtime?.logger.info('request', {
      route: event.routeKey,
      status: response && 'statusCode' in response ? response.statusCode : undefined,
      outcome: internal.outcome ?? 'ok',
      ms: Math.round(performance.now() - (internal.started ?? performance.now())),
      requestId: event.requestContext.requestId,
    });
  };
  return {
    name: 'requestLog',
    before: (request) => {
      // A fresh state for each invocation, whatever context object it came with.
      request.context.api = { runtime: runtime(), started: performance.now() };
    },
    after: write,
    onError: write,
  };
}
