import { describe, expect, it } from 'vitest';
import { routeKey, routesOf } from '#shared/manifest/routes.js';
import { jwtAuth } from '#shared/http/middleware/jwt-auth.js';
import { routeLookup } from '#shared/http/middleware/route-lookup.js';
import { RequestRejected } from '#shared/http/middleware/state.js';
import type { OperationTable } from '#shared/http/operation.js';
import { apiEvent, apiRequest } from './support.js';

const routes = routesOf('therapist');
const operations: OperationTable = Object.fromEntries(
  routes.map((r) => [r.operation, { run: async () => ({ status: 200 }) }]),
);
const status = (fn: () => void) => {
  try {
    fn();
    return 'passed';
  } catch (error) {
    return error instanceof RequestRejected ? error.problem.status : 'threw';
  }
};

describe('route lookup', () => {
  it('refuses to build a handler for a route without its operation', () => {
    expect(() => routeLookup('therapist', {})).toThrow(/has no operation/);
  });
  it("finds the route and operation by routeKey, with the headers' names lower-cased; 404 for any other", () => {
    const route = routes[0]!;
    const request = apiRequest(apiEvent({ routeKey: routeKey(route), headers: { 'Idempotency-Key': 'k' } }));
    routeLookup('therapist', operations).before!(request);
    expect(request.context.api).toMatchObject({
      route,
      operation: operations[route.operation],
      headers: { 'idempotency-key': 'k' },
    });
    expect(
      status(() => routeLookup('therapist', operations).before!(apiRequest(apiEvent({ routeKey: 'GET /nowhere' })))),
    ).toBe(404);
  });
});

describe('JWT auth', () => {
  const route = routes.find((r) => r.auth === 'therapist')!;
  it("takes the therapist's id from the authorizer's sub, and answers 401 without one", () => {
    const withSub = apiRequest(
      apiEvent({
        requestContext: {
          ...apiEvent().requestContext,
          authorizer: { jwt: { claims: { sub: 't1' }, scopes: [] }, principalId: '', integrationLatency: 0 },
        },
      }),
      { route },
    );
    jwtAuth().before!(withSub);
    expect(withSub.context.api.therapistId).toBe('t1');
    expect(status(() => jwtAuth().before!(apiRequest(apiEvent(), { route })))).toBe(401);
  });
  it('asks nothing of a public route', () => {
    expect(status(() => jwtAuth().before!(apiRequest(apiEvent(), { route: { ...route, auth: 'public' } })))).toBe(
      'passed',
    );
  });
});
