import { describe, expect, it } from 'vitest';
import * as z from '#shared/zod.js';
import { RequestRejected, type ApiState } from '#shared/http/middleware/state.js';
import { zodBody, zodParams } from '#shared/http/middleware/zod-input.js';
import type { Operation } from '#shared/http/operation.js';
import { apiEvent, apiRequest } from './support.js';

const op = {
  params: z.object({ id: z.string().check(z.regex(/^[0-9A-Z]{26}$/)) }),
  query: z.object({ limit: z.optional(z.string()) }),
  body: z.object({ name: z.string() }),
  run: async () => ({ status: 200 }),
} as unknown as Operation;

function problem(fn: () => void) {
  try {
    fn();
  } catch (error) {
    if (error instanceof RequestRejected) return error.problem;
    throw error;
  }
  return undefined;
}

describe('zod input', () => {
  it('answers a malformed id in the path with 404, and a bad query field by name', () => {
    expect(
      problem(() => zodParams().before!(apiRequest(apiEvent({ pathParameters: { id: 'nope' } }), { operation: op }))),
    ).toMatchObject({ status: 404 });
    const p = problem(() =>
      zodParams().before!(
        apiRequest(
          apiEvent({
            pathParameters: { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
            queryStringParameters: { limit: 5 as unknown as string },
          }),
          { operation: op },
        ),
      ),
    );
    expect(p).toMatchObject({ status: 400, errors: [{ path: 'query.limit' }] });
  });
  it('assembles the operation input from what the middlewares before it set', () => {
    const api: ApiState = {
      operation: op,
      params: { id: 'x' },
      query: {},
      rawBody: { name: 'Sam' },
      therapistId: 't1',
      headers: { a: 'b' },
    };
    zodBody().before!(apiRequest(apiEvent(), api));
    expect(api.input).toMatchObject({
      params: { id: 'x' },
      body: { name: 'Sam' },
      therapistId: 't1',
      requestId: 'req-1',
      sourceIp: '127.0.0.1',
      now: new Date(1_700_000_000_000),
    });
  });
  it('refuses a body to an operation that takes none, and names each bad field of one that does', () => {
    const none = { run: op.run } as Operation;
    expect(
      problem(() => zodBody().before!(apiRequest(apiEvent(), { operation: none, rawBody: { a: 1 }, headers: {} }))),
    ).toMatchObject({ errors: [{ path: '(body)' }] });
    expect(
      problem(() => zodBody().before!(apiRequest(apiEvent(), { operation: op, rawBody: {}, headers: {} }))),
    ).toMatchObject({ status: 400, errors: [{ path: 'name' }] });
  });
});
