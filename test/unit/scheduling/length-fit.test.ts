/** "A length that does not fit": refused on whichever save would create it. */
import { describe, expect, it } from 'vitest';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import { lengthThatDoesNotFit } from '#shared/use-cases/scheduling/length-fit.js';

const hour = { mon: [{ start: '09:00', end: '10:00' }] };

describe('lengthThatDoesNotFit', () => {
  it('is silent when both lengths fit, or when there are no hours at all', () => {
    expect(
      lengthThatDoesNotFit({ ...defaultPracticeSettings, sessionLengthMinutes: 60 }, hour, 'settings'),
    ).toBeUndefined();
    expect(
      lengthThatDoesNotFit({ ...defaultPracticeSettings, sessionLengthMinutes: 240 }, {}, 'settings'),
    ).toBeUndefined();
    expect(
      lengthThatDoesNotFit({ ...defaultPracticeSettings, sessionLengthMinutes: 240 }, { mon: [] }, 'hours'),
    ).toBeUndefined();
  });

  it('names the settings field on a settings save', () => {
    expect(
      lengthThatDoesNotFit(
        { ...defaultPracticeSettings, consultation: { durationMinutes: 75, mode: { kind: 'phone' } } },
        hour,
        'settings',
      ),
    ).toEqual({
      path: 'consultation.durationMinutes',
      message:
        'A 75-minute consultation does not fit in any of your working periods: the longest bookable stretch is 60 minutes (on Monday). Please shorten the consultation, or lengthen your weekly hours first.',
    });
    expect(lengthThatDoesNotFit({ ...defaultPracticeSettings, sessionLengthMinutes: 90 }, hour, 'settings')?.path).toBe(
      'sessionLengthMinutes',
    );
  });

  it('names weekly on an hours save', () => {
    expect(lengthThatDoesNotFit({ ...defaultPracticeSettings, sessionLengthMinutes: 90 }, hour, 'hours')).toEqual({
      path: 'weekly',
      message:
        'Your sessions last 90 minutes, but the longest bookable stretch in these hours is 60 minutes (on Monday), so nobody could book one. Please lengthen a period, or shorten the session in your settings first.',
    });
  });
});
