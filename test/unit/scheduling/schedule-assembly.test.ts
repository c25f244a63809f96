/** From stored schedule items to the slot engine's inputs. */
import { describe, expect, it } from 'vitest';
import { defaultPracticeSettings } from '../../../shared/domain/practice-settings.js';
import type { StoredSchedule } from '../../../shared/store/scheduling.js';
import { hoursToUse, rulesFor } from '../../../shared/use-cases/invitations/free-slots.js';

const empty: StoredSchedule = { settings: defaultPracticeSettings, settingsSaved: false, overrides: [], breaks: [] };
const profile = { timeZone: 'America/New_York' };

describe('schedule assembly', () => {
  it('no hours and no overrides: nothing to offer', () => {
    expect(hoursToUse(empty, profile)).toBeUndefined();
  });

  it("overrides alone open their dates in the profile's zone", () => {
    expect(hoursToUse({ ...empty, overrides: [{ date: '2026-03-02', intervals: [{ start: '09:00', end: '10:00' }] }] }, profile)).toEqual({ timeZone: 'America/New_York', weekly: {} });
  });

  it("saved hours carry their own zone", () => {
    const hours = { timeZone: 'Europe/London', weekly: { mon: [{ start: '09:00', end: '17:00' }] }, updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(hoursToUse({ ...empty, hours }, profile)).toEqual({ timeZone: 'Europe/London', weekly: hours.weekly });
  });

  it("rules: the invitation's length, the therapist's current buffers, notice, horizon and limit", () => {
    const settings = { ...defaultPracticeSettings, bufferBeforeMinutes: 5, bufferAfterMinutes: 15, minimumNoticeMinutes: 60, horizonDays: 30, dailyLimit: 4, startIntervalMinutes: 60 as const };
    expect(rulesFor({ durationMinutes: 50 }, { ...empty, settings })).toEqual({ durationMinutes: 50, bufferBeforeMinutes: 5, bufferAfterMinutes: 15, minimumNoticeMinutes: 60, horizonDays: 30, dailyLimit: 4, gridMinutes: 60 });
    // Starts on the hour and half hour unless the therapist chooses otherwise.
    expect(rulesFor({ durationMinutes: 50 }, { ...empty, settings: defaultPracticeSettings }).gridMinutes).toBe(30);
  });
});
