/** A settings form's changes, laid over what is saved: a field the form does not send keeps its value. */
import { describe, expect, it } from 'vitest';
import {
  defaultPracticeSettings,
  practiceSettingsSchema,
  withChanges,
  type PracticeSettings,
} from '#shared/domain/practice-settings.js';

const saved: PracticeSettings = {
  ...defaultPracticeSettings,
  waitingListCheckInWeeks: 10,
  breakNoticeDays: 21,
  consultation: { durationMinutes: 45, mode: { kind: 'phone' } },
};

describe('withChanges', () => {
  it('leaves every setting it is not given as saved, for every setting', () => {
    expect(practiceSettingsSchema.parse(withChanges(saved, {}))).toEqual(saved);
    for (const key of Object.keys(saved) as (keyof PracticeSettings)[]) {
      const { [key]: _left, ...others } = saved;
      expect(practiceSettingsSchema.parse(withChanges(saved, others)), key).toEqual(saved);
    }
  });

  it('changes what it is given, and keeps the rest of the first consultation', () => {
    expect(
      practiceSettingsSchema.parse(withChanges(saved, { consultation: { durationMinutes: 60 }, horizonDays: 10 })),
    ).toEqual({ ...saved, horizonDays: 10, consultation: { durationMinutes: 60, mode: { kind: 'phone' } } });
    expect(practiceSettingsSchema.parse(withChanges(saved, { requiresConfirmation: undefined }))).toEqual(saved);
  });
});
