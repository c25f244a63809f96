/**
 * Therapist scheduling settings through the API: settings (defaults until saved), weekly hours, date
 * overrides; validation errors name the field; one therapist never sees another's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultPracticeSettings, type PracticeSettings } from '#shared/domain/practice-settings.js';
import { clock, handlerMode, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aTherapist } from '#test/support/steps/given.js';
import {
  errorPaths,
  mondayToFriday,
  therapistListsOverrides,
  therapistReadsHours,
  therapistReadsSettings,
  therapistRemovesOverride,
  therapistSavesHours,
  therapistSavesSettings,
  therapistSetsOverride,
} from './steps.js';
import { everySettingSet } from '../bookings/steps.js';

useTestEnvironment();

// Monday 2 March 2026, 10:00 in London.
beforeEach(() => clock.set('2026-03-02T10:00:00Z'));

const custom: PracticeSettings = {
  ...defaultPracticeSettings,
  consultation: { durationMinutes: 45, mode: { kind: 'in-person', address: '1 High Street, Bristol' } },
  sessionLengthMinutes: 60,
  bufferBeforeMinutes: 5,
  requiresConfirmation: false,
  dailyLimit: 5,
};

describe('settings', () => {
  it.runIf(handlerMode)('are the defaults until saved, then what was saved', async () => {
    const { therapistId } = await aTherapist();
    const first = await therapistReadsSettings(therapistId);
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ settings: defaultPracticeSettings, saved: false });

    const saved = await therapistSavesSettings(therapistId, custom);
    expect(saved.status).toBe(200);
    expect(saved.json()).toEqual({ settings: custom, saved: true });
    expect((await therapistReadsSettings(therapistId)).json()).toEqual({ settings: custom, saved: true });
  });

  it('refuses bad values with one error per field, each at its path', async () => {
    const { therapistId } = await aTherapist();
    const reply = await therapistSavesSettings(therapistId, {
      ...custom,
      consultation: { durationMinutes: 5, mode: { kind: 'in-person', address: '' } },
      bufferBeforeMinutes: -5,
      reminderOffsetsMinutes: [60, 60],
      colour: 'blue',
    });
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(errorPaths(reply).sort()).toEqual(
      [
        'bufferBeforeMinutes',
        'colour',
        'consultation.durationMinutes',
        'consultation.mode.address',
        'reminderOffsetsMinutes',
      ].sort(),
    );
    expect(
      reply
        .json<{ errors: { path: string; message: string }[] }>()
        .errors.find((e) => e.path === 'consultation.durationMinutes')!.message,
    ).toBe('A consultation needs at least 10 minutes.');
    // Nothing was saved.
    if (handlerMode) expect((await therapistReadsSettings(therapistId)).json()).toMatchObject({ saved: false });
  });

  it('offers start times every 15, 30 or 60 minutes, and says so for anything else', async () => {
    const { therapistId } = await aTherapist();
    const reply = await therapistSavesSettings(therapistId, { ...custom, startIntervalMinutes: 20 });
    expect(reply.status).toBe(400);
    expect(reply.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([
      { path: 'startIntervalMinutes', message: 'Choose 15, 30 or 60 minutes between start times.' },
    ]);
    expect((await therapistSavesSettings(therapistId, { ...custom, startIntervalMinutes: 60 })).status).toBe(200);
  });

  // A value for every setting, none the default, and for each a second value: a change of one
  // field alone must leave every other setting as saved, whatever the field.
  const everyField = everySettingSet;
  const otherValue: { [K in keyof PracticeSettings]: PracticeSettings[K] } = {
    consultation: { durationMinutes: 40, mode: { kind: 'phone' } },
    sessionLengthMinutes: 55,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 20,
    minimumNoticeMinutes: 1440,
    horizonDays: 60,
    dailyLimit: null,
    requiresConfirmation: true,
    cancellationNoticeHours: 12,
    reminderOffsetsMinutes: [1440],
    requestExpiryHours: 72,
    startIntervalMinutes: 60,
    breakNoticeDays: 7,
    welcomeBackDays: 3,
    earlyWindowDays: 0,
    waitingListCheckInWeeks: 4,
  };

  it('every setting has a second value to change it to', () => {
    for (const key of Object.keys(defaultPracticeSettings) as (keyof PracticeSettings)[]) {
      expect(everyField[key], key).not.toEqual(defaultPracticeSettings[key]);
      expect(otherValue[key], key).not.toEqual(everyField[key]);
    }
  });

  it.runIf(handlerMode).each(Object.keys(defaultPracticeSettings) as (keyof PracticeSettings)[])(
    'a change of %s alone keeps every other setting as saved (waitingListCheckInWeeks 10 stays 10)',
    async (field) => {
      const { therapistId } = await aTherapist();
      expect((await therapistSavesSettings(therapistId, everyField)).status).toBe(200);
      const changed = await therapistSavesSettings(therapistId, { [field]: otherValue[field] });
      expect(changed.status, JSON.stringify(changed.json())).toBe(200);
      const expected = { ...everyField, [field]: otherValue[field] };
      expect(changed.json()).toEqual({ settings: expected, saved: true });
      expect((await therapistReadsSettings(therapistId)).json()).toEqual({ settings: expected, saved: true });
    },
  );

  it.runIf(handlerMode)(
    "a consultation's length alone keeps its mode; a mode is replaced whole; nothing sent changes nothing",
    async () => {
      const { therapistId } = await aTherapist();
      expect((await therapistSavesSettings(therapistId, everyField)).status).toBe(200);
      expect(
        (await therapistSavesSettings(therapistId, { consultation: { durationMinutes: 50 } })).json(),
      ).toMatchObject({ settings: { consultation: { durationMinutes: 50, mode: everyField.consultation.mode } } });
      expect(
        (await therapistSavesSettings(therapistId, { consultation: { mode: { kind: 'video' } } })).json(),
      ).toMatchObject({ settings: { consultation: { durationMinutes: 50, mode: { kind: 'video' } } } });
      const nothing = await therapistSavesSettings(therapistId, {});
      expect(nothing.status).toBe(200);
      expect(nothing.json()).toEqual({
        settings: { ...everyField, consultation: { durationMinutes: 50, mode: { kind: 'video' } } },
        saved: true,
      });
    },
  );

  it('a bad value in a change is refused at its path, and a setting that does not exist is named', async () => {
    const { therapistId } = await aTherapist();
    const reply = await therapistSavesSettings(therapistId, { waitingListCheckInWeeks: 1, colour: 'blue' });
    expect(reply.status).toBe(400);
    expect(errorPaths(reply).sort()).toEqual(['colour', 'waitingListCheckInWeeks']);
    expect(
      reply
        .json<{ errors: { path: string; message: string }[] }>()
        .errors.find((e) => e.path === 'waitingListCheckInWeeks')!.message,
    ).toBe('Check in with people on the waiting list at most every 2 weeks.');
  });

  it.runIf(handlerMode)('refuses a length that fits no working period, naming both', async () => {
    const { therapistId } = await aTherapist();
    expect((await therapistSavesHours(therapistId, mondayToFriday('Europe/London', '09:00', '10:00'))).status).toBe(
      200,
    );
    const reply = await therapistSavesSettings(therapistId, {
      ...custom,
      consultation: { ...custom.consultation, durationMinutes: 90 },
    });
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({
      errors: [
        {
          path: 'consultation.durationMinutes',
          message: expect.stringContaining(
            'A 90-minute consultation does not fit in any of your working periods: the longest bookable stretch is 60 minutes (on Monday).',
          ),
        },
      ],
    });
  });

  it('needs sign-in', async () => {
    const reply = await send({ method: 'GET', path: '/me/settings' });
    expect(reply.status).toBe(401);
  });
});

describe('weekly hours', () => {
  it.runIf(handlerMode)('start empty in the profile zone; saved hours read back', async () => {
    const { therapistId } = await aTherapist({ timeZone: 'America/New_York' });
    expect((await therapistReadsHours(therapistId)).json()).toEqual({
      timeZone: 'America/New_York',
      weekly: {},
      configured: false,
    });

    const hours = {
      timeZone: 'Europe/London',
      weekly: {
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:30' },
        ],
        sat: [],
        sun: [{ start: '18:00', end: '24:00' }],
      },
    };
    const saved = await therapistSavesHours(therapistId, hours);
    expect(saved.status).toBe(200);
    expect(saved.json()).toEqual({ ...hours, configured: true, updatedAt: '2026-03-02T10:00:00.000Z' });
    expect((await therapistReadsHours(therapistId)).json()).toEqual({
      ...hours,
      configured: true,
      updatedAt: '2026-03-02T10:00:00.000Z',
    });
  });

  it('name the field of every problem: zone, format, end before start, overlap, too many, unknown day', async () => {
    const { therapistId } = await aTherapist();
    const many = Array.from({ length: 7 }, (_, i) => ({
      start: `${String(8 + i).padStart(2, '0')}:00`,
      end: `${String(8 + i).padStart(2, '0')}:30`,
    }));
    const reply = await therapistSavesHours(therapistId, {
      timeZone: 'Europe/Londn',
      weekly: {
        mon: [{ start: '9:00', end: '17:00' }],
        tue: [{ start: '17:00', end: '09:00' }],
        wed: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
        thu: many,
        fri: [{ start: '24:00', end: '24:00' }],
        someday: [],
      },
    });
    expect(reply.status).toBe(400);
    const errors = reply.json<{ errors: { path: string; message: string }[] }>().errors;
    // Every problem in one answer, each at its field.
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        'timeZone',
        'weekly.fri.0.start',
        'weekly.mon.0.start',
        'weekly.someday',
        'weekly.thu',
        'weekly.tue.0.end',
        'weekly.wed.1.start',
      ].sort(),
    );
    expect(errors.find((e) => e.path === 'timeZone')!.message).toMatch(/Europe\/London/);
    expect(errors.find((e) => e.path === 'weekly.mon.0.start')!.message).toBe(
      'Monday: please give the start time as HH:MM on the 24-hour clock, like "09:00".',
    );
    expect(errors.find((e) => e.path === 'weekly.tue.0.end')!.message).toBe(
      'Tuesday: 17:00–09:00 ends before it starts. Please give an end time after 17:00.',
    );
    expect(errors.find((e) => e.path === 'weekly.wed.1.start')!.message).toBe(
      'Wednesday: 12:00–17:00 overlaps 09:00–13:00. Please join them into one period or move one.',
    );
    expect(errors.find((e) => e.path === 'weekly.thu')!.message).toBe('Please use at most 6 periods on Thursday.');
    if (handlerMode) expect((await therapistReadsHours(therapistId)).json()).toMatchObject({ configured: false });
  });

  it.runIf(handlerMode)('refuse hours in which the consultation or session cannot fit', async () => {
    const { therapistId } = await aTherapist();
    // Defaults: 30-minute consultations, 50-minute sessions.
    const reply = await therapistSavesHours(therapistId, mondayToFriday('Europe/London', '09:00', '09:45'));
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({
      errors: [
        {
          path: 'weekly',
          message: expect.stringContaining(
            'Your sessions last 50 minutes, but the longest bookable stretch in these hours is 45 minutes',
          ),
        },
      ],
    });
    // A week with no hours is allowed: it means not taking bookings.
    expect((await therapistSavesHours(therapistId, { timeZone: 'Europe/London', weekly: {} })).status).toBe(200);
  });
});

// Dates and fresh therapists: the test clock and seeded profiles, so handler mode only.
describe.runIf(handlerMode)('date overrides', () => {
  it('close or change a date, list from today on, and can be removed', async () => {
    const { therapistId } = await aTherapist();
    await therapistSavesHours(therapistId, mondayToFriday('Europe/London'));
    expect((await therapistSetsOverride(therapistId, { date: '2026-03-04', intervals: [] })).json()).toEqual({
      date: '2026-03-04',
      intervals: [],
    });
    expect(
      (await therapistSetsOverride(therapistId, { date: '2026-03-07', intervals: [{ start: '10:00', end: '12:00' }] }))
        .status,
    ).toBe(200);
    expect(
      (await therapistSetsOverride(therapistId, { date: '2026-03-02', intervals: [{ start: '14:00', end: '15:00' }] }))
        .status,
    ).toBe(200); // today
    // Replacing a date's override keeps one.
    expect(
      (await therapistSetsOverride(therapistId, { date: '2026-03-04', intervals: [{ start: '15:00', end: '16:00' }] }))
        .status,
    ).toBe(200);

    clock.set('2026-03-03T10:00:00Z');
    expect((await therapistListsOverrides(therapistId)).json()).toEqual({
      timeZone: 'Europe/London',
      items: [
        { date: '2026-03-04', intervals: [{ start: '15:00', end: '16:00' }] },
        { date: '2026-03-07', intervals: [{ start: '10:00', end: '12:00' }] },
      ],
    });

    expect((await therapistRemovesOverride(therapistId, '2026-03-04')).status).toBe(204);
    expect((await therapistRemovesOverride(therapistId, '2026-03-04')).status).toBe(404);
    expect((await therapistRemovesOverride(therapistId, '2026-02-30')).status).toBe(404);
    expect((await therapistListsOverrides(therapistId)).json()).toMatchObject({ items: [{ date: '2026-03-07' }] });
  });

  it('need a real date, today or later, and valid periods', async () => {
    const { therapistId } = await aTherapist();
    const notReal = await therapistSetsOverride(therapistId, { date: '2026-02-30', intervals: [] });
    expect(notReal.status).toBe(400);
    expect(errorPaths(notReal)).toEqual(['date']);

    const past = await therapistSetsOverride(therapistId, { date: '2026-03-01', intervals: [] });
    expect(past.status).toBe(400);
    expect(past.json()).toMatchObject({
      errors: [
        {
          path: 'date',
          message: '2026-03-01 has passed (today is 2026-03-02 in Europe/London). Please choose today or a later date.',
        },
      ],
    });

    const bad = await therapistSetsOverride(therapistId, {
      date: '2026-03-10',
      intervals: [
        { start: '10:00', end: '12:00' },
        { start: '11:00', end: '25:00' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad)).toEqual(['intervals.1.end']);

    const missing = await therapistSetsOverride(therapistId, { date: '2026-03-10' });
    expect(errorPaths(missing)).toEqual(['intervals']);
  });
});

describe.runIf(handlerMode)('isolation', () => {
  it("one therapist never reads or changes another's settings, hours or overrides", async () => {
    const a = await aTherapist();
    const b = await aTherapist();
    await therapistSavesSettings(a.therapistId, custom);
    await therapistSavesHours(a.therapistId, mondayToFriday('Europe/London'));
    await therapistSetsOverride(a.therapistId, { date: '2026-03-04', intervals: [] });

    expect((await therapistReadsSettings(b.therapistId)).json()).toEqual({
      settings: defaultPracticeSettings,
      saved: false,
    });
    expect((await therapistReadsHours(b.therapistId)).json()).toMatchObject({ weekly: {}, configured: false });
    expect((await therapistListsOverrides(b.therapistId)).json()).toMatchObject({ items: [] });
    expect((await therapistRemovesOverride(b.therapistId, '2026-03-04')).status).toBe(404);
    expect((await therapistListsOverrides(a.therapistId)).json()).toMatchObject({ items: [{ date: '2026-03-04' }] });
  });
});
