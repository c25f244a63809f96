/** The client and return schemas: each bad field is named; any input parses or fails cleanly (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noteBody as bookingNoteBody } from '#shared/use-cases/bookings/booking-schemas.js';
import { addClientBody, noteBody, pauseBody, submitReturnBody } from '#shared/use-cases/clients/client-schemas.js';

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('client schemas', () => {
  it('normalise a good client and refuse unknown fields', () => {
    expect(
      addClientBody.parse({
        name: ' Alex ',
        email: ' Alex@Example.COM ',
        status: 'paused',
        expectedReturn: '2026-04-01',
      }),
    ).toEqual({ name: 'Alex', email: 'alex@example.com', status: 'paused', expectedReturn: '2026-04-01' });
    expect(paths(addClientBody.safeParse({ name: 'A', email: 'a@b.test', status: 'active', extra: 1 }))).toEqual(['']);
    expect(
      paths(addClientBody.safeParse({ name: 'A', email: 'a@b.test', status: 'active', expectedReturn: '2026-04-01' })),
    ).toEqual(['expectedReturn']);
    expect(paths(pauseBody.safeParse({ expectedReturn: '2026-02-30' }))).toEqual(['expectedReturn']);
  });

  it('a return needs consent and a real email; the honeypot is accepted as a field', () => {
    expect(paths(submitReturnBody.safeParse({ name: 'A', email: 'a@b.test' }))).toEqual(['consent']);
    expect(submitReturnBody.safeParse({ name: 'A', email: 'a@b.test', consent: true, website: 'x' }).success).toBe(
      true,
    );
  });

  it('a note that is too long gives the limit as people write it (the message is built only when shown)', () => {
    for (const schema of [noteBody, bookingNoteBody]) {
      const result = schema.safeParse({ note: 'x'.repeat(1001) });
      expect(result.error?.issues.map((i) => i.message)).toEqual([
        'Please keep your note to 1,000 characters or fewer.',
      ]);
    }
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        for (const schema of [addClientBody, pauseBody, submitReturnBody])
          expect(() => schema.safeParse(input)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.record(
          { name: fc.string(), email: fc.string(), status: fc.string(), sessionLengthMinutes: fc.anything() },
          { requiredKeys: [] },
        ),
        (input) => {
          const result = addClientBody.safeParse(input);
          if (!result.success) expect(result.error.issues.every((i) => i.message.length > 0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
