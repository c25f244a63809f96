import { describe, expect, it } from 'vitest';
import {
  cellChanges,
  cellsOf,
  clientChangePolicy,
  firstName,
  insideNoticeWindow,
  occupiedRange,
  policyText,
  reminderTimes,
  requestTimes,
} from '#shared/domain/booking-policy.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('occupied range and cells', () => {
  it('covers the appointment and its buffers, rounded out to whole 15-minute cells', () => {
    const r = occupiedRange(at('2026-03-05T10:00:00Z'), at('2026-03-05T10:50:00Z'), {
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
    });
    expect(new Date(r.occupiedStart).toISOString()).toBe('2026-03-05T09:45:00.000Z');
    expect(new Date(r.occupiedEnd).toISOString()).toBe('2026-03-05T11:00:00.000Z');
    expect(r.cells).toHaveLength(5);
    expect(cellsOf(r)).toEqual(r.cells);
  });

  it('a 30-minute consultation and an overlapping 50-minute session share a cell', () => {
    const consultation = occupiedRange(at('2026-03-05T10:30:00Z'), at('2026-03-05T11:00:00Z'), {
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    const session = occupiedRange(at('2026-03-05T10:00:00Z'), at('2026-03-05T10:50:00Z'), {
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    expect(consultation.cells.some((c) => session.cells.includes(c))).toBe(true);
  });

  it('a move takes the new cells, frees the old ones and keeps those in both', () => {
    const { take, free, keep } = cellChanges([1, 2, 3, 4], [3, 4, 5, 6]);
    expect({ take, free, keep }).toEqual({ take: [5, 6], free: [1, 2], keep: [3, 4] });
  });

  it('cells across the New York autumn change are plain UTC quarter hours (no gap, no repeat)', () => {
    // 01:00 EDT on 1 November 2026 is 05:00Z; an hour later the clocks go back.
    const r = occupiedRange(at('2026-11-01T05:30:00Z'), at('2026-11-01T06:30:00Z'), {
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    expect(r.cells.map((c) => new Date(c).toISOString().slice(11, 16))).toEqual(['05:30', '05:45', '06:00', '06:15']);
  });
});

describe('request timing', () => {
  it('expires after requestExpiryHours and is nudged halfway', () => {
    const t = requestTimes(new Date('2026-03-01T09:00:00Z'), at('2026-03-10T09:00:00Z'), { requestExpiryHours: 48 });
    expect(t.expiresAt.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(t.nudgeAt?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });

  it("never waits into the appointment's last hours: half the time left when it is close; a wait too short for a nudge gets none", () => {
    const t = requestTimes(new Date('2026-03-01T09:00:00Z'), at('2026-03-01T10:30:00Z'), { requestExpiryHours: 48 });
    expect(t.expiresAt.toISOString()).toBe('2026-03-01T09:45:00.000Z');
    expect(t.nudgeAt).toBeUndefined();
  });

  it('a reply is due well before the time it holds: a request on Monday 10:00 for Wednesday 10:00 lapses by Tuesday 22:00, not on the day', () => {
    const t = requestTimes(new Date('2026-12-07T10:00:00Z'), at('2026-12-09T10:00:00Z'), { requestExpiryHours: 48 });
    expect(t.expiresAt.toISOString()).toBe('2026-12-08T22:00:00.000Z');
    const close = requestTimes(new Date('2026-12-07T10:00:00Z'), at('2026-12-08T05:30:00Z'), {
      requestExpiryHours: 48,
    });
    expect(close.expiresAt.toISOString()).toBe('2026-12-07T19:45:00.000Z');
  });
});

describe('reminders', () => {
  it('one per offset, earliest first; one whose time has passed is not made', () => {
    const start = at('2026-03-05T10:00:00Z');
    expect(
      reminderTimes(start, [60, 24 * 60], new Date('2026-03-01T00:00:00Z')).map((r) => r.dueAt.toISOString()),
    ).toEqual(['2026-03-04T10:00:00.000Z', '2026-03-05T09:00:00.000Z']);
    expect(reminderTimes(start, [60, 24 * 60], new Date('2026-03-05T08:00:00Z')).map((r) => r.offsetMinutes)).toEqual([
      60,
    ]);
  });
});

describe('client change policy', () => {
  const settings = { cancellationNoticeHours: 24 };
  const start = '2026-03-05T10:00:00.000Z';
  const therapist = { displayName: 'Sam Rivera', shortName: 'Sam', email: 'sam@therapist.test' };

  it('a confirmed booking can be changed until the notice window begins', () => {
    expect(clientChangePolicy({ status: 'confirmed', start }, settings, new Date(at(start) - 25 * HOUR))).toMatchObject(
      { canCancel: true, canReschedule: true },
    );
    expect(clientChangePolicy({ status: 'confirmed', start }, settings, new Date(at(start) - 23 * HOUR))).toMatchObject(
      { canCancel: false, refusal: 'inside-window' },
    );
  });

  it('a booking chosen already inside the window was never changeable online, and the words say so rather than "now closer"', () => {
    const booked = {
      status: 'confirmed' as const,
      start,
      requestedAt: new Date(at(start) - 19.5 * HOUR).toISOString(),
    };
    const policy = clientChangePolicy(booked, settings, new Date(at(start) - 19 * HOUR));
    expect(policy).toMatchObject({ canCancel: false, refusal: 'booked-inside-window' });
    const text = policyText(policy.refusal!, therapist, settings);
    expect(text).toContain('This one was booked less than 24 hours before it starts, so it cannot be changed here.');
    expect(text).not.toContain('now closer');
    expect(insideNoticeWindow(at(start), settings, at(start) - 19.5 * HOUR)).toBe(true);
    expect(insideNoticeWindow(at(start), settings, at(start) - 24.5 * HOUR)).toBe(false);
    expect(insideNoticeWindow(at(start), { cancellationNoticeHours: 0 }, at(start) - HOUR)).toBe(false);
  });

  it('a request can be withdrawn until it starts; a closed or started booking cannot be changed', () => {
    expect(clientChangePolicy({ status: 'requested', start }, settings, new Date(at(start) - HOUR))).toMatchObject({
      canCancel: true,
    });
    expect(clientChangePolicy({ status: 'requested', start }, settings, new Date(at(start)))).toMatchObject({
      refusal: 'started',
    });
    expect(clientChangePolicy({ status: 'cancelled', start }, settings, new Date(0))).toMatchObject({
      refusal: 'closed',
    });
  });

  it('the refusal is kind, says how to reach the therapist, and never blames', () => {
    const text = policyText('inside-window', therapist, settings);
    expect(text).toContain("24 hours' notice");
    expect(text).toContain('sam@therapist.test');
    expect(text).not.toMatch(/you missed|you failed|too late|no-show|unfortunately/i);
  });

  it('first names for reminders', () => {
    expect(firstName('  Alex  Morgan ')).toBe('Alex');
    expect(firstName('Cher')).toBe('Cher');
  });
});
