/** The break rules, without I/O: timeline, validation, overlap, words, and the early window. */
import { describe, expect, it } from 'vitest';
import { RuleViolation, StateConflict } from '#shared/domain/errors.js';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import {
  breakDatesInWords,
  breakLength,
  breakStatus,
  breakTimeline,
  checkNewBreak,
  checkNoOverlap,
  closedDatesFor,
  dayBack,
  dueFrom,
  keptForReturningClients,
  type BreakPolicy,
} from '#shared/domain/therapist-break.js';

const policy: BreakPolicy = { breakNoticeDays: 14, welcomeBackDays: 7, earlyWindowDays: 3 };
const london = 'Europe/London';
// Monday 3 August to Friday 14 August 2026 (British Summer Time: 09:00 local is 08:00 UTC).
const august = { start: '2026-08-03', end: '2026-08-14' };

describe('the defaults', () => {
  it('are 14 days of notice, welcome back 7 days before the end, a 3-day early window', () => {
    expect(defaultPracticeSettings).toMatchObject({ breakNoticeDays: 14, welcomeBackDays: 7, earlyWindowDays: 3 });
  });
});

describe('breakTimeline', () => {
  it('sends the notice 14 days before the first day and the welcome back 7 days before the first day back, at 09:00 local', () => {
    const t = breakTimeline(august, london, policy);
    expect(t.noticeAt.toISOString()).toBe('2026-07-20T08:00:00.000Z');
    expect(t.firstDayBack).toBe('2026-08-15');
    expect(t.welcomeBackAt.toISOString()).toBe('2026-08-08T08:00:00.000Z');
    expect(t.earlyWindowEndsAt.toISOString()).toBe('2026-08-11T08:00:00.000Z');
  });

  it('keeps 09:00 on the wall clock across a clock change', () => {
    // Break 2–6 November 2026; notice 19 October (BST, UTC+1), welcome back in November (GMT).
    const t = breakTimeline({ start: '2026-11-02', end: '2026-11-06' }, london, policy);
    expect(t.noticeAt.toISOString()).toBe('2026-10-19T08:00:00.000Z');
    expect(t.welcomeBackAt.toISOString()).toBe('2026-11-02T09:00:00.000Z');
  });

  it('never invites clients back before a short break has begun', () => {
    const t = breakTimeline({ start: '2026-08-03', end: '2026-08-05' }, london, policy);
    expect(t.welcomeBackAt.toISOString()).toBe('2026-08-03T08:00:00.000Z');
  });

  it('reads the dates in the therapist zone', () => {
    expect(breakTimeline(august, 'America/New_York', policy).noticeAt.toISOString()).toBe('2026-07-20T13:00:00.000Z');
  });

  it('a due time already past is due now', () => {
    const now = new Date('2026-07-25T15:00:00Z');
    expect(dueFrom(breakTimeline(august, london, policy).noticeAt, now)).toEqual(now);
  });
});

describe('checkNewBreak', () => {
  const now = new Date('2026-07-01T10:00:00Z');
  const violation = (fn: () => void): RuleViolation => {
    try {
      fn();
    } catch (error) {
      if (error instanceof RuleViolation) return error;
      throw error;
    }
    throw new Error('expected a RuleViolation');
  };

  it('accepts a break from today', () =>
    expect(() => checkNewBreak({ start: '2026-07-01', end: '2026-07-01' }, london, now)).not.toThrow());
  it('refuses a break that begins in the past, naming start', () =>
    expect(violation(() => checkNewBreak({ start: '2026-06-30', end: '2026-07-03' }, london, now)).path).toBe('start'));
  it('uses the therapist calendar for today', () => {
    // 23:30 on 30 June in Los Angeles is already 1 July in UTC: 30 June is still "today" there.
    expect(() =>
      checkNewBreak(
        { start: '2026-06-30', end: '2026-06-30' },
        'America/Los_Angeles',
        new Date('2026-07-01T06:30:00Z'),
      ),
    ).not.toThrow();
  });
  it('refuses an end before the start, naming end', () =>
    expect(violation(() => checkNewBreak({ start: '2026-07-10', end: '2026-07-09' }, london, now)).path).toBe('end'));
  it('refuses more than six months, naming end', () => {
    expect(breakLength({ start: '2026-07-01', end: '2026-12-30' })).toBe(183);
    expect(() => checkNewBreak({ start: '2026-07-01', end: '2026-12-30' }, london, now)).not.toThrow();
    expect(violation(() => checkNewBreak({ start: '2026-07-01', end: '2026-12-31' }, london, now)).path).toBe('end');
  });
  it('refuses a start more than two years ahead', () =>
    expect(violation(() => checkNewBreak({ start: '2028-08-01', end: '2028-08-02' }, london, now)).path).toBe('start'));
});

describe('checkNoOverlap', () => {
  const existing = [{ breakId: 'b1', ...august }];
  it('refuses a break sharing even one day, naming the other break', () => {
    try {
      checkNoOverlap({ start: '2026-08-14', end: '2026-08-20' }, existing);
      throw new Error('expected a conflict');
    } catch (error) {
      expect(error).toBeInstanceOf(StateConflict);
      expect((error as StateConflict).message).toContain('from Monday 3 August to Friday 14 August');
      expect((error as StateConflict).extra).toEqual({ conflictingBreak: { breakId: 'b1', ...august } });
    }
  });
  it('allows a break that starts the day after', () =>
    expect(() => checkNoOverlap({ start: '2026-08-15', end: '2026-08-20' }, existing)).not.toThrow());
  it('refuses one inside another', () =>
    expect(() => checkNoOverlap({ start: '2026-08-05', end: '2026-08-06' }, existing)).toThrow(StateConflict));
});

describe('breakDatesInWords', () => {
  it('names the days as a client would', () =>
    expect(breakDatesInWords(august, new Date('2026-07-01T00:00:00Z'))).toBe(
      'from Monday 3 August to Friday 14 August',
    ));
  it('one day is "on"', () =>
    expect(breakDatesInWords({ start: '2026-08-03', end: '2026-08-03' }, new Date('2026-07-01T00:00:00Z'))).toBe(
      'on Monday 3 August',
    ));
  it('names the year when it is not this year', () =>
    expect(breakDatesInWords({ start: '2026-12-21', end: '2027-01-04' }, new Date('2026-11-01T00:00:00Z'))).toBe(
      'from Monday 21 December 2026 to Monday 4 January 2027',
    ));
});

describe('breakStatus', () => {
  it('is upcoming, current, then ended on the therapist calendar', () => {
    expect(breakStatus(august, london, new Date('2026-08-02T22:59:00Z'))).toBe('upcoming');
    expect(breakStatus(august, london, new Date('2026-08-02T23:00:00Z'))).toBe('current');
    expect(breakStatus(august, london, new Date('2026-08-14T22:59:00Z'))).toBe('current');
    expect(breakStatus(august, london, new Date('2026-08-14T23:00:00Z'))).toBe('ended');
  });
});

describe('closedDatesFor: the early window', () => {
  const breaks = [august];
  const kept = keptForReturningClients(august);

  it('keeps the two weeks after the break', () => expect(kept).toEqual({ start: '2026-08-15', end: '2026-08-28' }));

  it('closes those weeks to consultation invitations from the start until the window ends', () => {
    expect(closedDatesFor('consultation', breaks, london, policy, new Date('2026-07-01T00:00:00Z'))).toEqual([
      august,
      kept,
    ]);
    expect(closedDatesFor('consultation', breaks, london, policy, new Date('2026-08-11T07:59:00Z'))).toEqual([
      august,
      kept,
    ]);
    expect(closedDatesFor('consultation', breaks, london, policy, new Date('2026-08-11T08:00:00Z'))).toEqual([august]);
  });

  it('never closes them to session invitations (returning clients)', () => {
    expect(closedDatesFor('session', breaks, london, policy, new Date('2026-08-09T00:00:00Z'))).toEqual([august]);
  });

  it('keeps nothing when the therapist sets no early window', () => {
    expect(
      closedDatesFor(
        'consultation',
        breaks,
        london,
        { ...policy, earlyWindowDays: 0 },
        new Date('2026-08-09T00:00:00Z'),
      ),
    ).toEqual([august]);
  });
});

describe('dayBack', () => {
  const weekdaysOnly = {
    timeZone: london,
    weekly: {
      mon: [{ start: '09:00', end: '17:00' }],
      tue: [{ start: '09:00', end: '17:00' }],
      wed: [{ start: '09:00', end: '17:00' }],
      thu: [{ start: '09:00', end: '17:00' }],
      fri: [{ start: '09:00', end: '17:00' }],
    },
  };
  const days = (extra: Partial<Parameters<typeof dayBack>[1]> = {}) => ({
    hours: weekdaysOnly,
    overrides: [],
    breaks: [august],
    ...extra,
  });

  it('is the first day with working hours: Monday after a break ending on a Friday, not Saturday', () => {
    expect(dayBack(august, days())).toBe('2026-08-17');
  });

  it('skips a day an override closes and another break, and takes a weekend day an override opens', () => {
    expect(dayBack(august, days({ overrides: [{ date: '2026-08-17', intervals: [] }] }))).toBe('2026-08-18');
    expect(dayBack(august, days({ breaks: [august, { start: '2026-08-17', end: '2026-08-19' }] }))).toBe('2026-08-20');
    expect(
      dayBack(august, days({ overrides: [{ date: '2026-08-16', intervals: [{ start: '10:00', end: '12:00' }] }] })),
    ).toBe('2026-08-16');
  });

  it('is the calendar day after when there are no hours, or none in the two months after', () => {
    expect(dayBack(august, { overrides: [], breaks: [] })).toBe('2026-08-15');
    expect(dayBack(august, days({ breaks: [august, { start: '2026-08-15', end: '2026-12-31' }] }))).toBe('2026-08-15');
  });
});
