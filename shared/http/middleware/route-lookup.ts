/**
 * Route lookup: API Gateway's routeKey to this function's route (functions/routes.ts) and its
 * operation. Checked when the handler is built, so a route without an operation fails at deploy, not
 * at the first request.
 */
import { routeKey as keyOf, routesOf, type Capability, type Route } from '#shared/manifest/routes.js';
import type { OperationTable } from '../operation.js';
import { problem } from '../problem.js';
import { RequestRejected, type ApiMiddleware } from './state.js';

export function routeLookup(capability: Capability, operations: OperationTable): ApiMiddleware {
  const routes = new Map<string, Route>(routesOf(capability).map((r) => [keyOf(r), r]));
  for (const route of routes.values())
    if (!operations[route.operation]) throw new Error(`Capability ${capability} has no operation ${route.operation}`);
  return {
    name: 'routeLookup',
    before: ({ event, context: { api: internal } }) => {
      const route = routes.get(event.routeKey);
      const op = route ? operations[route.operation] : undefined;
      if (!route || !op) throw new RequestRejected(problem(404, 'no-route', 'There is nothing at this address.'));
      internal.route = route;
      internal.operation = op;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
      internal.headers = headers;
    },
  };
}
