/**
 * Security headers and CSP: turns the operation's HttpResult (or the one problem-errors made) into
 * API Gateway's answer, with the headers every answer carries and a page's policy from the one builder.
 */
import type { HttpResult } from '../operation.js';
import { pageSecurityPolicy } from '../html.js';
import { securityHeaders } from '../security-headers.js';
import type { ApiMiddleware, ApiRequest, ApiResponse } from './state.js';

export function toApiResponse(result: HttpResult): ApiResponse {
  if (result.html !== undefined) {
    return {
      statusCode: result.status,
      headers: {
        ...securityHeaders,
        'content-type': 'text/html; charset=utf-8',
        // A page with a script or one that may be framed sets its own (pageSecurityPolicy with hashes, origins).
        'content-security-policy': pageSecurityPolicy(),
        ...result.headers,
      },
      body: result.html,
    };
  }
  if (result.text !== undefined) {
    return {
      statusCode: result.status,
      headers: { ...securityHeaders, 'content-type': result.text.contentType, ...result.headers },
      body: result.text.body,
    };
  }
  // Not Modified carries validators, never a body or a content type.
  if (result.status === 304) return { statusCode: 304, headers: { ...securityHeaders, ...result.headers } };
  const isProblem = result.status >= 400;
  return {
    statusCode: result.status,
    headers: {
      ...securityHeaders,
      'content-type': isProblem ? 'application/problem+json' : 'application/json',
      ...result.headers,
    },
    ...(result.json === undefined ? {} : { body: JSON.stringify(result.json) }),
  };
}

const isHttpResult = (response: ApiRequest['response']): response is HttpResult =>
  !!response && 'status' in response && !('statusCode' in response);

export function httpResponse(): ApiMiddleware {
  const respond = (request: ApiRequest): void => {
    if (isHttpResult(request.response)) request.response = toApiResponse(request.response);
  };
  return { name: 'httpResponse', after: respond, onError: respond };
}
