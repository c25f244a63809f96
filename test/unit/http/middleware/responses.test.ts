import { describe, expect, it, vi } from 'vitest';
import { LinkGone, RateLimited } from '#shared/domain/errors.js';
import { httpResponse } from '#shared/http/middleware/http-response.js';
import { problemErrors } from '#shared/http/middleware/problem-errors.js';
import { Answered, RequestRejected, type ApiRequest } from '#shared/http/middleware/state.js';
import type { Operation } from '#shared/http/operation.js';
import { problem } from '#shared/http/problem.js';
import { contentSecurityPolicy } from '#shared/http/security-headers.js';
import { apiEvent, apiRequest } from './support.js';

function failed(error: unknown, operation?: Operation): ApiRequest {
  const logger = { error: vi.fn(), info: vi.fn() };
  const request = apiRequest(apiEvent(), { operation, runtime: { logger } as never });
  request.error = error as Error;
  problemErrors().onError!(request);
  httpResponse().onError!(request);
  return request;
}

describe('problem errors and the answer', () => {
  it('answers a refusal and a domain error as problem+json with the security headers', () => {
    const refused = failed(new RequestRejected(problem(415, 'unsupported-media-type', 'Send JSON.'))).response as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(refused).toMatchObject({
      statusCode: 415,
      headers: {
        'content-type': 'application/problem+json',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      },
    });
    const limited = failed(new RateLimited(60)).response as { statusCode: number; headers: Record<string, string> };
    expect(limited).toMatchObject({ statusCode: 429, headers: { 'retry-after': '60' } });
  });
  it('answers an html operation with a kind page and the page policy', () => {
    const page = failed(new LinkGone('used'), { responds: 'html' } as Operation).response as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy({ selfImages: true }));
    expect(page.body).toContain('This link has already been used.');
  });
  it('passes on an answer made early, and hides an unexpected error behind a 500 that logs no message', () => {
    expect(failed(new Answered({ status: 201, json: { ok: true } })).response).toMatchObject({
      statusCode: 201,
      body: '{"ok":true}',
    });
    const request = failed(new Error('Item {email: sam@example.com} failed'));
    expect(request.response).toMatchObject({ statusCode: 500 });
    expect(JSON.stringify(request.response)).not.toContain('sam@example.com');
    expect(request.context.api.outcome).toBe('error');
  });
});

describe('the one Content-Security-Policy builder', () => {
  it("writes the API pages' policy and the console's, each as they were", () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(contentSecurityPolicy({ scriptHashes: ["'sha256-x'"], frameAncestors: ['https://a.example'] })).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-x'; form-action 'self'; frame-ancestors https://a.example; base-uri 'none'",
    );
    expect(contentSecurityPolicy({ nonce: 'n1', selfImages: true, formOrigins: ['https://auth.example'] })).toBe(
      "default-src 'none'; style-src 'nonce-n1'; script-src 'nonce-n1'; img-src 'self'; form-action 'self' https://auth.example; frame-ancestors 'none'; base-uri 'none'",
    );
  });
});
