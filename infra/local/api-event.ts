/**
 * Builds the API Gateway HTTP API (payload 2.0) event a request would produce in AWS, from the one
 * route list. The local server and the tests' handler driver both use it, so a handler sees the
 * same event shape locally as behind API Gateway.
 */
import { randomUUID } from 'node:crypto';
import { routeKey, routes, type Route } from '#shared/manifest/routes.js';
import type { ApiEvent } from '#shared/http/api-handler.js';

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = routes.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

/** The route for a method and path; `methodNotAllowed` when the path exists with other methods. */
export function matchRoute(method: string, path: string): RouteMatch | { methodNotAllowed: true } | undefined {
  let pathExists = false;
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    pathExists = true;
    if (c.route.method !== method) continue;
    const pathParameters: Record<string, string> = {};
    c.names.forEach((name, i) => (pathParameters[name] = decodeURIComponent(m[i + 1]!)));
    return { route: c.route, pathParameters };
  }
  return pathExists ? { methodNotAllowed: true } : undefined;
}

export interface ApiRequest {
  method: string;
  /** Path with query string, e.g. `/me/enquiries?status=received`. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  sourceIp?: string;
  /** Claims as the JWT authorizer passes them (already verified). */
  claims?: Record<string, string | number | boolean | string[]>;
  /** Request time; defaults to the wall clock. Tests move it to travel through days. */
  now?: Date;
}

export function buildApiEvent(request: ApiRequest, match: RouteMatch): ApiEvent {
  const [rawPath = '/', rawQueryString = ''] = request.url.split('?', 2) as [string, string?];
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
  const query = new URLSearchParams(rawQueryString);
  const queryStringParameters: Record<string, string> = {};
  // API Gateway joins repeated query parameters with commas.
  for (const key of new Set(query.keys())) queryStringParameters[key] = query.getAll(key).join(',');
  const now = request.now ?? new Date();
  const key = routeKey(match.route);
  const event: ApiEvent = {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(request.claims
        ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: request.claims, scopes: [] } } }
        : {}),
    },
    isBase64Encoded: false,
    ...(request.body !== undefined && request.body !== '' ? { body: request.body } : {}),
  };
  return event;
}
