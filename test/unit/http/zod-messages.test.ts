/**
 * The messages a schema does not set itself are zod's own English ones, as they were on classic zod:
 * zod/mini leaves them out, and without shared/zod.ts registering them a person would read only
 * "Invalid input", with nothing to say what to fix.
 */
import { describe, expect, it } from 'vitest';
import { settingsBody } from '#functions/consultations/scheduling-schemas.js';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import { fieldErrors } from '#shared/http/problem.js';

const errorsOf = (input: unknown) => {
  const r = settingsBody.safeParse(input);
  return r.success ? [] : fieldErrors(r.error);
};

describe("zod's own messages", () => {
  it('say what was expected and what arrived', () => {
    expect(errorsOf({ ...defaultPracticeSettings, requiresConfirmation: 'yes' })).toEqual([
      { path: 'requiresConfirmation', message: 'Invalid input: expected boolean, received string' },
    ]);
    expect(errorsOf({ ...defaultPracticeSettings, sessionLengthMinutes: '50' })).toEqual([
      { path: 'sessionLengthMinutes', message: 'Invalid input: expected number, received string' },
    ]);
  });

  it('are never what a value out of range reads: each setting says its own limit in words', () => {
    expect(errorsOf({ ...defaultPracticeSettings, sessionLengthMinutes: 50.5 })).toEqual([
      { path: 'sessionLengthMinutes', message: 'Give the length of a session in whole minutes.' },
    ]);
    expect(errorsOf({ ...defaultPracticeSettings, requestExpiryHours: 1 })).toEqual([
      { path: 'requestExpiryHours', message: 'Let a request wait for you at least 2 hours.' },
    ]);
    expect(errorsOf({ ...defaultPracticeSettings, requestExpiryHours: 400 })).toEqual([
      { path: 'requestExpiryHours', message: 'A request can wait at most 14 days (336 hours).' },
    ]);
  });
});
