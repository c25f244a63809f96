import { describe, expect, it } from 'vitest';
import { bodyLimits, maxBodyBytes } from '#shared/http/middleware/body-limits.js';
import { RequestRejected, type ApiState } from '#shared/http/middleware/state.js';
import type { Operation } from '#shared/http/operation.js';
import { apiEvent, apiRequest } from './support.js';

const route = { method: 'POST', path: '/enquiries', operation: 'x', auth: 'public' } as unknown as ApiState['route'];
const json = { run: async () => ({ status: 200 }) } as Operation;
const form = { ...json, bodyFormat: 'form' } as Operation;

function run(body: string, type: string, operation = json) {
  const request = apiRequest(apiEvent({ body }), { route, operation, headers: { 'content-type': type } });
  try {
    bodyLimits().before!(request);
    return request.context.api.body;
  } catch (error) {
    if (error instanceof RequestRejected) return error.problem.status;
    throw error;
  }
}

describe('body limits', () => {
  it('takes JSON and +json up to the limit, and refuses one byte more with 413', () => {
    expect(run('{"a":1}', 'application/json')).toEqual({ text: '{"a":1}', format: 'json' });
    expect(run('{}', 'application/merge-patch+json; charset=utf-8')).toMatchObject({ format: 'json' });
    expect(run(`"${'a'.repeat(maxBodyBytes - 2)}"`, 'application/json')).toMatchObject({ format: 'json' });
    expect(run(`"${'a'.repeat(maxBodyBytes - 1)}"`, 'application/json')).toBe(413);
  });
  it('refuses another media type with 415, and a form where the operation takes none', () => {
    expect(run('a=1', 'text/plain')).toBe(415);
    expect(run('a=1', 'application/x-www-form-urlencoded')).toBe(415);
    expect(run('a=1', 'application/x-www-form-urlencoded', form)).toMatchObject({ format: 'form' });
  });
  it('allows a form its percent-encoding, so what was typed is what is limited', () => {
    const encoded = `m=${encodeURIComponent('é'.repeat(maxBodyBytes / 4))}`;
    expect(run(encoded, 'application/x-www-form-urlencoded', form)).toMatchObject({ format: 'form' });
  });
  it('calls an empty body empty, whatever its type, and leaves GET alone', () => {
    expect(run('  ', 'text/plain')).toEqual({ text: '  ', format: 'empty' });
    const request = apiRequest(apiEvent({ body: 'x' }), {
      route: { ...route!, method: 'GET' },
      operation: json,
      headers: {},
    });
    bodyLimits().before!(request);
    expect(request.context.api.body).toBeUndefined();
  });
});
