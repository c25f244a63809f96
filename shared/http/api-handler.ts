/**
 * Every capability Lambda's pipeline, one middy middleware a concern (shared/http/middleware), in the
 * order a request meets them. `after` and `onError` steps run in the reverse order, so the answer is
 * made into problem+json (or a page), given its headers, then logged.
 */
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Capability } from '../manifest/routes.js';
import { lambdaContext } from '../middleware/lambda-context.js';
import { getRuntime } from '../runtime.js';
import { bodyLimits } from './middleware/body-limits.js';
import { httpResponse } from './middleware/http-response.js';
import { idempotency } from './middleware/idempotency.js';
import { jwtAuth } from './middleware/jwt-auth.js';
import { parseBody } from './middleware/parse-body.js';
import { problemErrors } from './middleware/problem-errors.js';
import { requestLog } from './middleware/request-log.js';
import { routeLookup } from './middleware/route-lookup.js';
import { required, type ApiContext, type ApiEvent, type ApiResponse } from './middleware/state.js';
import { zodBody, zodParams } from './middleware/zod-input.js';
import type { HttpResult, OperationTable } from './operation.js';

export type { ApiEvent, ApiResponse } from './middleware/state.js';
export { maxBodyBytes } from './middleware/body-limits.js';

export function createApiHandler(
  capability: Capability,
  operations: OperationTable,
): MiddyfiedHandler<ApiEvent, ApiResponse> {
  const pipeline = middy<ApiEvent, HttpResult | ApiResponse, Error, ApiContext>()
    .use(lambdaContext(() => getRuntime().logger))
    .use(requestLog(getRuntime))
    .use(httpResponse())
    .use(problemErrors())
    .use(routeLookup(capability, operations))
    .use(jwtAuth())
    .use(zodParams())
    .use(bodyLimits())
    .use(parseBody())
    .use(zodBody())
    .use(idempotency())
    // The operation: one call into a use case with the input the middlewares checked.
    .handler((_event, context) =>
      required(context.api.operation, 'operation').run(
        required(context.api.input, 'input'),
        required(context.api.runtime, 'runtime'),
      ),
    );
  return pipeline as unknown as MiddyfiedHandler<ApiEvent, ApiResponse>;
}
