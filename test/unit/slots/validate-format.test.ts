import { describe, expect, it } from 'vitest';
import { formatSlot, validateWeeklyHours } from '#shared/domain/slots/index.js';
import type { WeeklyHours } from '#shared/domain/slots/index.js';

describe('validateWeeklyHours', () => {
  it('accepts sensible hours, including 24:00 as an end and touching periods', () => {
    expect(
      validateWeeklyHours({
        timeZone: 'Europe/London',
        weekly: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '12:00', end: '17:00' },
          ],
          sat: [{ start: '20:00', end: '24:00' }],
          sun: [],
        },
      }),
    ).toEqual([]);
  });

  it('names an unknown zone', () => {
    expect(validateWeeklyHours({ timeZone: 'Europe/Londres', weekly: {} })).toEqual([
      '"Europe/Londres" is not a known time zone (use a name like Europe/London).',
    ]);
  });

  it('names bad formats, backwards periods, and overlaps, per day', () => {
    const hours = {
      timeZone: 'America/New_York',
      weekly: {
        mon: [{ start: '9:00', end: '17:00' }],
        tue: [
          { start: '17:00', end: '09:00' },
          { start: '10:00', end: '10:00' },
        ],
        wed: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
          { start: '08:00', end: '08:30' },
        ],
        thu: [
          { start: '24:00', end: '24:00' },
          { start: '09:00', end: '25:00' },
        ],
        fri: [{ start: '09:00', end: '12:60' }],
        funday: [],
      },
    } as unknown as WeeklyHours;
    expect(validateWeeklyHours(hours)).toEqual([
      '"funday" is not a weekday (use mon, tue, wed, thu, fri, sat or sun).',
      'Monday, period 1: start "9:00" is not a time like 09:00.',
      'Tuesday, period 1: 17:00–09:00 ends before it starts.',
      'Tuesday, period 2: 10:00–10:00 ends when it starts.',
      'Wednesday: 09:00–13:00 overlaps 12:00–17:00.',
      'Thursday, period 1: a period cannot start at 24:00.',
      'Thursday, period 2: end "25:00" is not a time like 17:00 (or 24:00).',
      'Friday, period 1: end "12:60" is not a time like 17:00 (or 24:00).',
    ]);
  });

  it('survives shapes that JSON can deliver', () => {
    expect(validateWeeklyHours(null as unknown as WeeklyHours)).toEqual(['Weekly hours are missing.']);
    expect(validateWeeklyHours({ timeZone: 'UTC', weekly: [] } as unknown as WeeklyHours)).toEqual([
      'Weekly hours need a list of times for each working day.',
    ]);
    expect(validateWeeklyHours({ timeZone: 'UTC', weekly: { mon: 'all day' } } as unknown as WeeklyHours)).toEqual([
      'Monday: the times must be a list.',
    ]);
  });
});

describe('formatSlot', () => {
  const slot = { start: Date.UTC(2026, 2, 29, 9, 0), end: Date.UTC(2026, 2, 29, 9, 50) };

  it('writes ISO 8601 with the numeric offset of the zone at that instant', () => {
    expect(formatSlot(slot, 'Europe/London')).toEqual({
      start: '2026-03-29T10:00:00+01:00',
      end: '2026-03-29T10:50:00+01:00',
    });
    expect(formatSlot(slot, 'America/New_York')).toEqual({
      start: '2026-03-29T05:00:00-04:00',
      end: '2026-03-29T05:50:00-04:00',
    });
    expect(formatSlot(slot, 'Asia/Kathmandu').start).toBe('2026-03-29T14:45:00+05:45');
    expect(formatSlot(slot, 'UTC').start).toBe('2026-03-29T09:00:00+00:00');
  });

  it('round-trips to the same instants', () => {
    for (const zone of ['Europe/London', 'America/New_York', 'Pacific/Chatham', 'UTC']) {
      const f = formatSlot(slot, zone);
      expect([Date.parse(f.start), Date.parse(f.end)]).toEqual([slot.start, slot.end]);
    }
  });

  it('rejects an unknown zone', () => {
    expect(() => formatSlot(slot, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
