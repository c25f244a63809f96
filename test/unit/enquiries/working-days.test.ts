import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '#shared/domain/enquiry-working-days.js';
import { actionLinkExpiresAt, expiryDueAt, nudgeDueAt, retentionEndsAt } from '#shared/domain/enquiry-rules.js';

const london = 'Europe/London';
const add = (iso: string, days: number, zone = london) => addWorkingDays(new Date(iso), days, zone).toISOString();

describe('working days', () => {
  it('counts weekdays and keeps the time of day', () => {
    expect(add('2025-03-04T10:00:00Z', 2)).toBe('2025-03-06T10:00:00.000Z'); // Tue → Thu
  });

  it('takes a Friday evening enquiry to Tuesday at the same time', () => {
    expect(add('2025-03-07T19:30:00Z', 2)).toBe('2025-03-11T19:30:00.000Z');
  });

  it('starts a weekend enquiry counting on Monday morning', () => {
    expect(add('2025-03-08T11:00:00Z', 2)).toBe('2025-03-12T00:00:00.000Z'); // Sat → Wed 00:00
    expect(add('2025-03-09T23:59:00Z', 1)).toBe('2025-03-11T00:00:00.000Z'); // Sun → Tue 00:00
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    // Friday 28 March 18:00 GMT; clocks go forward on Sunday 30 March: Tuesday 18:00 BST is 17:00Z.
    expect(add('2025-03-28T18:00:00Z', 2)).toBe('2025-04-01T17:00:00.000Z');
  });

  it("uses the therapist's zone to decide the weekday", () => {
    // Friday 23:30 UTC is already Saturday 10:30 in Sydney: counting starts on Monday there.
    expect(add('2025-03-07T23:30:00Z', 2, 'Australia/Sydney')).toBe('2025-03-11T13:00:00.000Z'); // Wed 00:00 AEDT
  });

  it('refuses an unknown zone', () => {
    expect(() => add('2025-03-04T10:00:00Z', 2, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('enquiry timing rules', () => {
  const policy = { enquiryNudgeWorkingDays: 2, enquiryExpiryDays: 14, actionLinkTtlDays: 14, retentionDays: 90 };
  const at = new Date('2025-03-07T19:30:00Z');
  it('nudges after the configured working days', () =>
    expect(nudgeDueAt(at, london, policy).toISOString()).toBe('2025-03-11T19:30:00.000Z'));
  it('expires after the configured calendar days', () =>
    expect(expiryDueAt(at, policy).toISOString()).toBe('2025-03-21T19:30:00.000Z'));
  it('ends action links after their lifetime', () =>
    expect(actionLinkExpiresAt(at, policy).toISOString()).toBe('2025-03-21T19:30:00.000Z'));
  it('keeps closed enquiries for the retention period', () =>
    expect(retentionEndsAt(at, policy).toISOString()).toBe('2025-06-05T19:30:00.000Z'));
});
