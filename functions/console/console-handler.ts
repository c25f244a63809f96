/**
 * The console Lambda's pipeline, one middy middleware a concern (./middleware), in the order a
 * request meets them: the Lambda context, the request log, headers and CSP around the framed page,
 * page errors, route lookup (and the sign-in method), the session (verified on every request,
 * refreshed, or to sign-in and back), the form's size and type, CSRF, the page's path parameters.
 * Then one page runs, or a step of the sign-in state machine (sign-in/sign-in-routes.ts), or signing
 * out everywhere, which ends the very session the middlewares checked. Domain
 * errors become pages with the status the JSON API would give (shared/http/problem.ts).
 */
import middy, { type MiddyfiedHandler } from '@middy/core';
import { routesOf } from '#shared/manifest/routes.js';
import type { ApiEvent, ApiResponse } from '#shared/http/api-handler.js';
import { lambdaContext } from '#shared/middleware/lambda-context.js';
import { getRuntime } from '#shared/runtime.js';
import type { ConsolePages, ConsoleResult } from './console-page.js';
import { consoleLog } from './middleware/console-log.js';
import { consoleResponse } from './middleware/console-response.js';
import { consoleRoute } from './middleware/console-route.js';
import { consoleSession, signInOperations } from './middleware/console-session.js';
import { csrf } from './middleware/csrf.js';
import { formBody } from './middleware/form-body.js';
import { pageErrors, PageFailed } from './middleware/page-errors.js';
import { pageParams } from './middleware/page-params.js';
import {
  pageResponse,
  redirect,
  required,
  type ConsoleAnswer,
  type ConsoleContext,
  type ConsoleState,
} from './middleware/state.js';
import { safeReturnTo } from './return-to.js';
import { queryOf, signInRoute, signOutEverywhere, signOutEverywhereOperation } from './sign-in/sign-in-routes.js';
import type { SignInMethod } from './sign-in/sign-in-method.js';

export interface ConsoleHandlerOptions {
  /** Made once, at the first request: the Cognito one reads its configuration from the environment. */
  signIn: () => SignInMethod | Promise<SignInMethod>;
  pages: ConsolePages;
}

export function createConsoleHandler(options: ConsoleHandlerOptions): MiddyfiedHandler<ApiEvent, ApiResponse> {
  const getPaths = routesOf('console')
    .filter((r) => r.method === 'GET')
    .map((r) => new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`));

  async function runPage(event: ApiEvent, s: ConsoleState): Promise<ConsoleAnswer> {
    const page = options.pages[required(s.route, 'route').operation]!;
    const cookies = s.cookies ?? [];
    let result: ConsoleResult;
    try {
      const { therapist, params, form, now, signedIn, runtime } = s;
      result = await page.run({
        therapist: required(therapist, 'therapist'),
        params,
        query: queryOf(event),
        form: form ?? {},
        now: required(now, 'now'),
        csrf: required(signedIn, 'session').csrf,
        runtime: required(runtime, 'runtime'),
      });
    } catch (error) {
      throw new PageFailed(error);
    }
    if (result.kind === 'redirect') return redirect(safeReturnTo(result.location), cookies);
    return pageResponse(result.status ?? 200, result.title, result.body, s.signedIn, cookies, result.section);
  }

  const pipeline = middy<ApiEvent, ConsoleAnswer | ApiResponse, Error, ConsoleContext>()
    .use(lambdaContext(() => getRuntime().logger))
    .use(consoleLog(getRuntime))
    .use(consoleResponse())
    .use(pageErrors(getPaths))
    .use(
      consoleRoute(
        options.signIn,
        (operation) =>
          signInOperations.has(operation) || operation === signOutEverywhereOperation || !!options.pages[operation],
      ),
    )
    .use(consoleSession(getPaths))
    .use(formBody())
    .use(csrf(getPaths))
    .use(pageParams(options.pages))
    .handler((event, context) => {
      const state = context.console;
      const operation = required(state.route, 'route').operation;
      if (signInOperations.has(operation)) return signInRoute(event, state);
      return operation === signOutEverywhereOperation ? signOutEverywhere(state) : runPage(event, state);
    });
  return pipeline as unknown as MiddyfiedHandler<ApiEvent, ApiResponse>;
}
