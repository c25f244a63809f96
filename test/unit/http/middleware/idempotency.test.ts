/** The idempotency middleware's own decisions, over a store that records what it was asked. */
import { describe, expect, it, vi } from 'vitest';
import { RateLimited } from '#shared/domain/errors.js';
import { idempotency } from '#shared/http/middleware/idempotency.js';
import { Answered, RequestRejected, type ApiState, type IdempotencyClaim } from '#shared/http/middleware/state.js';
import { apiEvent, apiRequest } from './support.js';

const route = { method: 'POST', path: '/enquiries', operation: 'x', auth: 'public' } as unknown as ApiState['route'];

function claimed() {
  const store = { release: vi.fn(async () => undefined), complete: vi.fn(async () => undefined) };
  const claim = { store, scope: 's', requestHash: 'h', nowMs: 1 } as unknown as IdempotencyClaim;
  return { store, claim };
}

describe('idempotency', () => {
  it('does nothing without a key, or on anything but POST', async () => {
    const api: ApiState = { route, headers: {} };
    await idempotency().before!(apiRequest(apiEvent(), api));
    expect(api.claim).toBeUndefined();
    const put: ApiState = { route: { ...route!, method: 'PUT' }, headers: { 'idempotency-key': 'k' } };
    await idempotency().before!(apiRequest(apiEvent(), put));
    expect(put.claim).toBeUndefined();
  });
  it('refuses a key that is not 1 to 255 visible ASCII characters', async () => {
    const api: ApiState = { route, headers: { 'idempotency-key': 'has space' } };
    await expect(idempotency().before!(apiRequest(apiEvent(), api))).rejects.toBeInstanceOf(RequestRejected);
  });
  it('keeps the answer, but releases the key after a 429 so a later retry runs', async () => {
    const ok = claimed();
    const request = apiRequest(apiEvent(), { claim: ok.claim });
    request.response = { status: 201, json: {} };
    await idempotency().after!(request);
    expect(ok.store.complete).toHaveBeenCalledWith('s', 'h', { status: 201, json: {} }, 1);
    const limited = claimed();
    const later = apiRequest(apiEvent(), { claim: limited.claim });
    later.response = { status: 429 };
    await idempotency().after!(later);
    expect(limited.store.release).toHaveBeenCalledWith('s');
    expect(limited.store.complete).not.toHaveBeenCalled();
  });
  it('releases the key on an error nothing expected, and answers a domain error as the kept result', async () => {
    const boom = claimed();
    const failed = apiRequest(apiEvent(), { claim: boom.claim });
    failed.error = new Error('boom');
    await idempotency().onError!(failed);
    expect(boom.store.release).toHaveBeenCalledWith('s');
    expect(failed.response).toBeUndefined();
    const domain = claimed();
    const refused = apiRequest(apiEvent(), { claim: domain.claim });
    refused.error = new RateLimited(30);
    await idempotency().onError!(refused);
    expect(refused.response).toMatchObject({ status: 429, headers: { 'retry-after': '30' } });
    expect(domain.store.release).toHaveBeenCalledWith('s');
  });
  it('leaves errors of a request that claimed nothing (its own refusals, a replay) to problem-errors', async () => {
    const request = apiRequest(apiEvent(), {});
    request.error = new Answered({ status: 200 });
    await idempotency().onError!(request);
    expect(request.response).toBeUndefined();
  });
});
