import { describe, expect, it } from 'vitest';
import { maxBodyBytes } from '#shared/http/middleware/body-limits.js';
import { parseBody } from '#shared/http/middleware/parse-body.js';
import { RequestRejected, type ApiState } from '#shared/http/middleware/state.js';
import { apiEvent, apiRequest } from './support.js';

function run(body: ApiState['body']) {
  const request = apiRequest(apiEvent(), { body });
  try {
    parseBody().before!(request);
    return request.context.api.rawBody;
  } catch (error) {
    if (error instanceof RequestRejected) return error.problem.type.split('/').pop();
    throw error;
  }
}

describe('body parsing', () => {
  it('reads JSON, including a body that is not an object (its schema says so)', () => {
    expect(run({ text: '{"a":1}', format: 'json' })).toEqual({ a: 1 });
    expect(run({ text: 'null', format: 'json' })).toBeNull();
    expect(run({ text: '{', format: 'json' })).toBe('malformed-json');
  });
  it('reads a form, and holds its decoded size to the limit', () => {
    expect(run({ text: 'a=1&b=%C3%A9', format: 'form' })).toEqual({ a: '1', b: 'é' });
    expect(run({ text: `m=${'a'.repeat(maxBodyBytes)}`, format: 'form' })).toBe('too-large');
  });
  it('reads no body, or none read at all (GET), as {}', () => {
    expect(run({ text: '', format: 'empty' })).toEqual({});
    expect(run(undefined)).toEqual({});
  });
});
