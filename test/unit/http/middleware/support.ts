/** A request as the API pipeline's middlewares see it, without Lambda or DynamoDB. */
import type { ApiEvent } from '#shared/http/api-handler.js';
import type { ApiRequest, ApiState } from '#shared/http/middleware/state.js';

export function apiEvent(over: Partial<ApiEvent> = {}): ApiEvent {
  return {
    version: '2.0',
    routeKey: 'POST /enquiries',
    rawPath: '/enquiries',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: 'req-1',
      routeKey: 'POST /enquiries',
      stage: '$default',
      time: '',
      timeEpoch: 1_700_000_000_000,
      http: { method: 'POST', path: '/enquiries', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    },
    ...over,
  } as ApiEvent;
}

export function apiRequest(event: ApiEvent, api: ApiState = {}): ApiRequest {
  return {
    event,
    context: { api } as ApiRequest['context'],
    response: undefined as unknown as null,
    error: null,
    internal: {},
  };
}
