import { describe, expect, it } from 'vitest';
import { calendarState } from '#functions/console/pages/calendar.js';
import { ago } from '#functions/console/words.js';
import type { BusyCalendarView } from '#shared/use-cases/calendars/busy-calendars.js';

const now = new Date('2026-03-05T10:00:00Z');
const base: BusyCalendarView = {
  calendarId: 'c1',
  label: 'Home',
  url: 'https://calendar.example.org/x.ics',
  status: 'ok',
  busyTimes: 3,
  nextSyncAt: '2026-03-05T10:15:00Z',
};

describe('a busy calendar in words', () => {
  it('says how long ago it was read', () => {
    expect(calendarState({ ...base, lastSyncedAt: '2026-03-05T09:56:00Z' }, now, 'Europe/London')).toBe(
      'Read 4 minutes ago. 3 busy times in your booking window.',
    );
    expect(ago('2026-03-05T09:59:40Z', now)).toBe('just now');
    expect(ago('2026-03-05T07:00:00Z', now)).toBe('3 hours ago');
    expect(ago('2026-03-01T10:00:00Z', now)).toBe('4 days ago');
  });

  it('says since when it could not be read, and why, naming a 404', () => {
    const failing: BusyCalendarView = {
      ...base,
      status: 'failing',
      lastSyncedAt: '2026-03-03T09:00:00Z',
      problem: { code: 'http-error', message: 'The calendar’s server says this address does not exist (404).' },
    };
    const words = calendarState(failing, now, 'Europe/London');
    expect(words).toMatch(/^Could not be read since Tuesday 3 March/);
    expect(words).toContain('(404)');
    expect(words).toContain('last good read still block');
  });

  it('a calendar not read yet says so', () => {
    expect(calendarState({ ...base, status: 'waiting' }, now, 'Europe/London')).toContain('Not read yet');
  });
});
