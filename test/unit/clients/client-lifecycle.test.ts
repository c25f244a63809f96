/** The client lifecycle and return rules: pure, time as an input. */
import { describe, expect, it } from 'vitest';
import { ClientStatusConflict, end, pause, recognisedOnReturn, resume } from '#shared/domain/client.js';
import { RuleViolation } from '#shared/domain/errors.js';
import { breakLengthDays, respond, ReturnAlreadyAnswered } from '#shared/domain/return-request.js';

const now = new Date('2026-03-10T10:00:00Z');
const at = now.toISOString();

describe('client lifecycle', () => {
  it('pauses an active client, with the dated change and the expected return', () => {
    expect(
      pause(
        { name: 'Alex', status: 'active' },
        { now, today: '2026-03-10', expectedReturn: '2026-03-10', note: 'Exams' },
      ),
    ).toEqual({
      status: 'paused',
      statusChangedAt: at,
      pausedAt: at,
      expectedReturn: '2026-03-10',
      pauseNote: 'Exams',
      change: { status: 'paused', at, expectedReturn: '2026-03-10' },
    });
  });

  it('refuses a pause that is not from active, and an expected return before today (named field)', () => {
    for (const status of ['paused', 'ended'] as const)
      expect(() => pause({ name: 'Alex', status }, { now, today: '2026-03-10' })).toThrow(ClientStatusConflict);
    const error = (() => {
      try {
        pause({ name: 'Alex', status: 'active' }, { now, today: '2026-03-10', expectedReturn: '2026-03-09' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).path).toBe('expectedReturn');
  });

  it('ends from active or paused, never twice; the message never blames the client', () => {
    expect(end({ name: 'Alex', status: 'paused' }, now, 'Finished')).toMatchObject({
      status: 'ended',
      endedAt: at,
      endNote: 'Finished',
    });
    expect(end({ name: 'Alex', status: 'active' }, now)).not.toHaveProperty('endNote');
    expect(() => end({ name: 'Alex', status: 'ended' }, now)).toThrow(/no longer seeing you/);
  });

  it('resumes a paused or ended client; an active one needs nothing', () => {
    expect(resume({ status: 'paused' }, now)).toEqual({
      status: 'active',
      statusChangedAt: at,
      resumedAt: at,
      change: { status: 'active', at },
    });
    expect(resume({ status: 'ended' }, now)?.status).toBe('active');
    expect(resume({ status: 'active' }, now)).toBeUndefined();
  });

  it('recognises every client status on a return (an active client is a return request too)', () => {
    expect(['active', 'paused', 'ended'].every((s) => recognisedOnReturn(s as 'active'))).toBe(true);
  });
});

describe('return requests', () => {
  it('are answered once', () => {
    expect(respond({ status: 'pending' }, 'accept', now)).toEqual({ status: 'accepted', respondedAt: at });
    expect(respond({ status: 'pending' }, 'decline', now, 'No space')).toEqual({
      status: 'declined',
      respondedAt: at,
      note: 'No space',
    });
    expect(() => respond({ status: 'accepted' }, 'decline', now)).toThrow(ReturnAlreadyAnswered);
  });

  it('measure the break from the last session, else the pause or the end', () => {
    expect(
      breakLengthDays(
        { clientStatus: 'paused', lastSessionAt: '2026-01-13T10:00:00Z', pausedAt: '2026-02-01T00:00:00Z' },
        now,
      ),
    ).toBe(56);
    expect(breakLengthDays({ clientStatus: 'paused', pausedAt: '2026-03-01T10:00:00Z' }, now)).toBe(9);
    expect(breakLengthDays({ clientStatus: 'ended', endedAt: '2026-03-10T09:00:00Z' }, now)).toBe(0);
    expect(breakLengthDays({ clientStatus: 'active' }, now)).toBeUndefined();
  });
});
