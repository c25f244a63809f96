/**
 * Every function's first middleware: the Lambda context on the function's logger, so each log line
 * carries the request id (function_request_id), the function and whether it was a cold start.
 *
 * Powertools' own injectLambdaContext would also log the whole event when POWERTOOLS_LOGGER_LOG_EVENT
 * is set; events hold names, addresses and messages, so this calls only `addContext`. The logger is
 * looked up per invocation because the local stack runs every function in one process, each with its
 * own runtime (shared/runtime.ts `runAsFunction`).
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';

export function lambdaContext(logger: () => Logger): MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    name: 'lambdaContext',
    before: (request) => {
      // Tests and the local stack may invoke without a context: the log lines then carry none.
      if (request.context && typeof request.context === 'object') logger().addContext(request.context);
    },
  };
}
