/** The POST /me/breaks body: one clear message per bad field, and no input that makes it throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBreakBody } from '#shared/use-cases/breaks/break-schemas.js';
import { fieldErrors } from '#shared/http/problem.js';

const errorsOf = (input: unknown) => {
  const r = createBreakBody.safeParse(input);
  return r.success ? [] : fieldErrors(r.error);
};

describe('createBreakBody', () => {
  it('takes dates and an optional message (blank is none)', () => {
    expect(createBreakBody.parse({ start: '2026-08-03', end: '2026-08-14', message: '  ' })).toEqual({
      start: '2026-08-03',
      end: '2026-08-14',
    });
    expect(createBreakBody.parse({ start: '2026-08-03', end: '2026-08-03', message: 'Back refreshed.' })).toMatchObject(
      { message: 'Back refreshed.' },
    );
  });

  it('names each bad field', () => {
    expect(errorsOf({ end: '2026-08-14' })).toEqual([
      { path: 'start', message: 'Please give the first day of the break.' },
    ]);
    expect(errorsOf({ start: '2026-02-30', end: '2026-03-02' })[0]).toMatchObject({
      path: 'start',
      message: expect.stringContaining('real date'),
    });
    expect(errorsOf({ start: '3 Aug', end: '2026-08-14' })[0]).toMatchObject({ path: 'start' });
    expect(errorsOf({ start: '2026-08-14', end: '2026-08-03' })).toEqual([
      { path: 'end', message: expect.stringContaining('on or after the start') },
    ]);
    expect(errorsOf({ start: '2026-08-03', end: '2026-08-14', message: 'x'.repeat(501) })[0]).toMatchObject({
      path: 'message',
      message: expect.stringContaining('500 characters'),
    });
    expect(errorsOf({ start: '2026-08-03', end: '2026-08-14', reason: 'holiday' })[0]).toMatchObject({
      path: 'reason',
    });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = createBreakBody.safeParse(input);
        if (!r.success) expect(fieldErrors(r.error).length).toBeGreaterThan(0);
      }),
    );
  });

  it('accepts every pair of real dates in order', () => {
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => createBreakBody.safeParse({ start: a < b ? a : b, end: a < b ? b : a }).success),
    );
  });
});
