/**
 * Outermost console middleware: opens the invocation's runtime and state, and writes the one
 * `request` log line once the answer is final (a 4xx's status is its outcome). Ids and outcomes only.
 */
import { randomBytes } from 'node:crypto';
import type { Runtime } from '#shared/runtime.js';
import type { ConsoleMiddleware, ConsoleRequest } from './state.js';

export function consoleLog(runtime: () => Runtime): ConsoleMiddleware {
  const write = (request: ConsoleRequest): void => {
    const state = request.context.console ?? {};
    const status = request.response && 'statusCode' in request.response ? request.response.statusCode : undefined;
    let outcome = state.outcome ?? 'ok';
    if (outcome === 'ok' && status !== undefined && status >= 400) outcome = String(status);
    state.runtime?.logger.info('request', {
      route: request.event.routeKey,
      status,
      outcome,
      ms: Math.round(performance.now() - (state.started ?? performance.now())),
      requestId: request.event.requestContext.requestId,
    });
  };
  return {
    name: 'consoleLog',
    before: (request) => {
      const rt = runtime();
      request.context.console = {
        runtime: rt,
        started: performance.now(),
        nonce: randomBytes(16).toString('base64'),
        formOrigins: [],
        https: rt.config.settings.publicBaseUrl.startsWith('https:'),
      };
    },
    after: write,
    onError: write,
  };
}
