/** From stored schedule items to the slot engine's inputs. */
import { describe, expect, it } from 'vitest';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import type { StoredSchedule } from '#shared/store/scheduling.js';
import { calendarBusyFor, hoursToUse, rulesFor } from '#shared/use-cases/invitations/free-slots.js';

const empty: StoredSchedule = {
  settings: defaultPracticeSettings,
  settingsSaved: false,
  overrides: [],
  breaks: [],
  busyCalendars: [],
};
const profile = { timeZone: 'America/New_York' };

describe('schedule assembly', () => {
  it('no hours and no overrides: nothing to offer', () => {
    expect(hoursToUse(empty, profile)).toBeUndefined();
  });

  it("overrides alone open their dates in the profile's zone", () => {
    expect(
      hoursToUse(
        { ...empty, overrides: [{ date: '2026-03-02', intervals: [{ start: '09:00', end: '10:00' }] }] },
        profile,
      ),
    ).toEqual({ timeZone: 'America/New_York', weekly: {} });
  });

  it('saved hours carry their own zone', () => {
    const hours = {
      timeZone: 'Europe/London',
      weekly: { mon: [{ start: '09:00', end: '17:00' }] },
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(hoursToUse({ ...empty, hours }, profile)).toEqual({ timeZone: 'Europe/London', weekly: hours.weekly });
  });

  it("rules: the invitation's length, the therapist's current buffers, notice, horizon and limit", () => {
    const settings = {
      ...defaultPracticeSettings,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 15,
      minimumNoticeMinutes: 60,
      horizonDays: 30,
      dailyLimit: 4,
      startIntervalMinutes: 60 as const,
    };
    expect(rulesFor({ durationMinutes: 50 }, { ...empty, settings })).toEqual({
      durationMinutes: 50,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 15,
      minimumNoticeMinutes: 60,
      horizonDays: 30,
      dailyLimit: 4,
      gridMinutes: 60,
    });
    // Starts on the hour and half hour unless the therapist chooses otherwise.
    expect(rulesFor({ durationMinutes: 50 }, { ...empty, settings: defaultPracticeSettings }).gridMinutes).toBe(30);
  });

  it("busy times from the therapist's calendars, widened by the current buffers as a booking would be, only where they reach the window", () => {
    const settings = { ...defaultPracticeSettings, bufferBeforeMinutes: 5, bufferAfterMinutes: 15 };
    const at = (iso: string) => Date.parse(iso);
    const calendar = (busy: { start: number; end: number }[]) => ({
      calendarId: 'c',
      therapistId: 't',
      label: 'Home',
      url: 'https://calendar.test/a.ics',
      position: 0,
      createdAt: '',
      failures: 0,
      dueAt: '',
      syncKey: '',
      busy,
    });
    const schedule: StoredSchedule = {
      ...empty,
      settings,
      busyCalendars: [
        calendar([
          { start: at('2026-03-02T10:00:00Z'), end: at('2026-03-02T11:00:00Z') },
          { start: at('2026-03-20T10:00:00Z'), end: at('2026-03-20T11:00:00Z') },
        ]),
        calendar([{ start: at('2026-03-02T12:00:00Z'), end: at('2026-03-02T12:30:00Z') }]),
      ],
    };
    expect(calendarBusyFor(schedule, { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z') })).toEqual([
      { start: at('2026-03-02T09:55:00Z'), end: at('2026-03-02T11:15:00Z') },
      { start: at('2026-03-02T11:55:00Z'), end: at('2026-03-02T12:45:00Z') },
    ]);
  });
});
