/** The window of GET /invitations/{token}/slots: dates in the visitor's zone, instants, limits. */
import { describe, expect, it } from 'vitest';
import { RuleViolation } from '#shared/domain/errors.js';
import { resolveSlotWindow } from '#shared/use-cases/invitations/slot-window.js';

const now = new Date('2026-03-20T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('resolveSlotWindow', () => {
  it('reads dates as whole days in tz, `to` inclusive, across a clock change', () => {
    const w = resolveSlotWindow({ from: '2026-03-28', to: '2026-03-29', tz: 'Europe/London' }, 'America/New_York', now);
    expect(w.timeZone).toBe('Europe/London');
    expect(iso(w.from)).toBe('2026-03-28T00:00:00.000Z');
    expect(iso(w.to)).toBe('2026-03-29T23:00:00.000Z'); // midnight BST: the 29th has 23 hours
  });

  it("defaults to the therapist's zone, from now, for 14 days", () => {
    const w = resolveSlotWindow({}, 'America/New_York', now);
    expect(w).toEqual({ timeZone: 'America/New_York', from: now.getTime(), to: now.getTime() + 14 * 86_400_000 });
    expect(iso(resolveSlotWindow({ from: '2026-03-21' }, 'America/New_York', now).from)).toBe(
      '2026-03-21T04:00:00.000Z',
    );
  });

  it('takes instants with their offset as they are', () => {
    const w = resolveSlotWindow(
      { from: '2026-03-27T09:00:00+01:00', to: '2026-03-27T12:00:00Z', tz: 'Asia/Tokyo' },
      'Europe/London',
      now,
    );
    expect([iso(w.from), iso(w.to)]).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-27T12:00:00.000Z']);
  });

  it('allows 31 days (31 dates) and no more, even across a change that adds an hour', () => {
    expect(() =>
      resolveSlotWindow({ from: '2026-10-01', to: '2026-10-31', tz: 'Europe/London' }, 'UTC', now),
    ).not.toThrow();
    const tooLong = () => resolveSlotWindow({ from: '2026-10-01', to: '2026-11-01', tz: 'Europe/London' }, 'UTC', now);
    expect(tooLong).toThrow(RuleViolation);
    expect(tooLong).toThrow('Please ask for at most 31 days at a time; this asks for 32.');
  });

  it('names the field when to is not after from', () => {
    try {
      resolveSlotWindow({ from: '2026-03-27T10:00:00Z', to: '2026-03-27T10:00:00Z' }, 'UTC', now);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolation);
      expect((e as RuleViolation).path).toBe('query.to');
    }
  });
});
