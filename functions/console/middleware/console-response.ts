/**
 * Security headers and CSP for the console: its answer, framed (layout.ts) with a fresh nonce, and
 * the headers of a page that acts for a signed-in therapist; the policy comes from the one builder.
 */
import { contentSecurityPolicy, securityHeaders } from '#shared/http/security-headers.js';
import { consoleFrame } from '../layout.js';
import type { ConsoleAnswer, ConsoleMiddleware, ConsoleRequest } from './state.js';

export function consoleHeaders(nonce: string, formOrigins: readonly string[], https: boolean): Record<string, string> {
  return {
    'cache-control': securityHeaders['cache-control'],
    // Signing out ends in Cognito's /logout: a form's redirect must be allowed to go there.
    'content-security-policy': contentSecurityPolicy({ nonce, selfImages: true, formOrigins }),
    'x-frame-options': 'DENY',
    'x-content-type-options': securityHeaders['x-content-type-options'],
    'referrer-policy': securityHeaders['referrer-policy'],
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

const isAnswer = (response: ConsoleRequest['response']): response is ConsoleAnswer =>
  !!response && 'status' in response && !('statusCode' in response);

export function consoleResponse(): ConsoleMiddleware {
  const respond = (request: ConsoleRequest): void => {
    const response = request.response;
    if (!isAnswer(response)) return;
    const state = request.context.console;
    const nonce = state.nonce!;
    const headers = consoleHeaders(nonce, state.formOrigins ?? [], state.https ?? false);
    const body = response.body ?? (response.view ? consoleFrame({ ...response.view, nonce }) : undefined);
    request.response = {
      statusCode: response.status,
      headers: {
        ...headers,
        ...(body !== undefined ? { 'content-type': 'text/html; charset=utf-8' } : {}),
        ...(response.location ? { location: response.location } : {}),
      },
      ...(response.cookies.length ? { cookies: response.cookies } : {}),
      ...(body !== undefined ? { body } : {}),
    };
  };
  return { name: 'consoleResponse', after: respond, onError: respond };
}
