/**
 * Zod input: the operation's schemas, the single source of its request shapes. Path and query are
 * checked before the body is read (zodParams), the body once parsed (zodBody), which also assembles
 * the operation's input. A malformed id in the path names nothing that exists: 404.
 */
import type * as z from '#shared/zod.js';
import { fieldErrors, problem, validationProblem } from '../problem.js';
import { RequestRejected, required, type ApiMiddleware } from './state.js';

function parse<T>(schema: z.ZodMiniType<T> | undefined, value: unknown, where: 'path' | 'query' | 'body'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  if (where === 'path') throw new RequestRejected(problem(404, 'not-found', 'We could not find that.'));
  throw new RequestRejected(validationProblem(fieldErrors(result.error, where === 'query' ? ['query'] : [])));
}

export function zodParams(): ApiMiddleware {
  return {
    name: 'zodParams',
    before: ({ event, context: { api: internal } }) => {
      const op = required(internal.operation, 'operation');
      internal.params = parse(op.params, event.pathParameters ?? {}, 'path');
      internal.query = parse(op.query, event.queryStringParameters ?? {}, 'query');
    },
  };
}

export function zodBody(): ApiMiddleware {
  return {
    name: 'zodBody',
    before: ({ event, context: { api: internal } }) => {
      const op = required(internal.operation, 'operation');
      // null is a body too (JSON `null`): only parse-body sets this, to {} when there is none.
      const rawBody = internal.rawBody;
      const body = op.body ? parse(op.body, rawBody, 'body') : undefined;
      if (!op.body && rawBody && typeof rawBody === 'object' && Object.keys(rawBody).length > 0)
        throw new RequestRejected(
          validationProblem([{ path: '(body)', message: 'This request takes no body. Send it empty.' }]),
        );
      internal.input = {
        params: internal.params,
        query: internal.query,
        body,
        therapistId: internal.therapistId,
        headers: required(internal.headers, 'headers'),
        now: new Date(event.requestContext.timeEpoch),
        sourceIp: event.requestContext.http.sourceIp,
        requestId: event.requestContext.requestId,
      };
    },
  };
}
