/**
 * Route lookup for the console: API Gateway's routeKey to its route (functions/routes.ts), the
 * sign-in method (made once, at the first request), and what every later step reads of the request:
 * its cookies, its time and where to come back to after signing in.
 */
import { routeKey, routesOf, type Route } from '#shared/manifest/routes.js';
import { cookieNames, cookiePolicy, readCookies } from '../cookies.js';
import type { SignInMethod } from '../sign-in/sign-in-method.js';
import { notFoundBody } from './answers.js';
import { Answer, pageResponse, required, type ConsoleMiddleware } from './state.js';

export function consoleRoute(
  signIn: () => SignInMethod | Promise<SignInMethod>,
  hasPage: (operation: string) => boolean,
): ConsoleMiddleware {
  const routes = new Map<string, Route>(routesOf('console').map((r) => [routeKey(r), r]));
  for (const route of routes.values())
    if (!hasPage(route.operation)) throw new Error(`The console has no page ${route.operation}`);
  let method: Promise<SignInMethod> | undefined;
  const signInMethod = (): Promise<SignInMethod> => {
    method ??= Promise.resolve().then(signIn);
    method.catch(() => (method = undefined));
    return method;
  };
  return {
    name: 'consoleRoute',
    before: async ({ event, context: { console: state } }) => {
      const route = routes.get(event.routeKey);
      if (!route) throw new Answer(pageResponse(404, 'Not found', notFoundBody));
      const method = await signInMethod();
      const policy = cookiePolicy(required(state.runtime, 'runtime').config.settings.publicBaseUrl);
      Object.assign(state, {
        route,
        signIn: method,
        formOrigins: method.formOrigins,
        policy,
        names: cookieNames(policy),
        jar: readCookies(event.cookies),
        now: new Date(event.requestContext.timeEpoch),
        here: `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`,
      });
    },
  };
}
