/**
 * A therapist's booking settings (GET/PUT /me/settings). The schema is the single source of the
 * request shape, the stored shape and the defaults a new therapist starts with.
 */
import * as z from '../zod.js';

const minutes = (max: number) =>
  z
    .number()
    .check(
      z.int('Use whole minutes.'),
      z.minimum(0, 'Use 0 or more minutes.'),
      z.maximum(max, `Use at most ${max} minutes.`),
    );

export const appointmentModeSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('video'),
      link: z.optional(
        z
          .url('Give the video link as a full https:// address.')
          .check(z.maxLength(500, 'Keep the video link to 500 characters or fewer.')),
      ),
    }),
    z.strictObject({ kind: z.literal('phone') }),
    z.strictObject({
      kind: z.literal('in-person'),
      address: z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'Give the address clients should come to.'),
          z.maxLength(300, 'Keep the address to 300 characters or fewer.'),
        ),
    }),
  ]),
);
export type AppointmentMode = z.infer<typeof appointmentModeSchema>;

/** Each setting's own rules, without defaults: the whole settings and a change to them share them. */
const settingFields = () => ({
  consultation: z.strictObject({
    durationMinutes: z
      .number()
      .check(
        z.int('Give the length of a first consultation in whole minutes.'),
        z.minimum(10, 'A consultation needs at least 10 minutes.'),
        z.maximum(240, 'A consultation can be at most 240 minutes.'),
      ),
    mode: appointmentModeSchema,
  }),
  sessionLengthMinutes: z
    .number()
    .check(
      z.int('Give the length of a session in whole minutes.'),
      z.minimum(10, 'A session needs at least 10 minutes.'),
      z.maximum(240, 'A session can be at most 240 minutes.'),
    ),
  bufferBeforeMinutes: minutes(120),
  bufferAfterMinutes: minutes(120),
  minimumNoticeMinutes: z
    .number()
    .check(
      z.int('Use whole minutes.'),
      z.minimum(0, 'The shortest notice cannot be less than nothing: use 0 for none.'),
      z.maximum(60 * 24 * 30, 'The shortest notice can be at most 30 days (720 hours).'),
    ),
  horizonDays: z
    .number()
    .check(
      z.int('Give how far ahead clients can book in whole days.'),
      z.minimum(1, 'Let clients book at least 1 day ahead.'),
      z.maximum(365, 'The booking horizon can be at most 365 days.'),
    ),
  dailyLimit: z.nullable(
    z
      .number()
      .check(
        z.int('Give the most appointments in a day as a whole number.'),
        z.minimum(1, 'Allow at least 1 appointment a day, or use null for no limit.'),
        z.maximum(24, 'Allow at most 24 appointments a day.'),
      ),
  ),
  requiresConfirmation: z.boolean(),
  cancellationNoticeHours: z
    .number()
    .check(
      z.int('Give the cancellation notice in whole hours.'),
      z.minimum(0, 'The cancellation notice cannot be less than nothing: use 0 for none.'),
      z.maximum(24 * 14, 'The cancellation notice can be at most 14 days (336 hours).'),
    ),
  reminderOffsetsMinutes: z
    .array(
      z
        .number()
        .check(
          z.int('Give each reminder in whole minutes.'),
          z.minimum(15, 'Send reminders at least 15 minutes ahead.'),
          z.maximum(60 * 24 * 14, 'Send reminders at most 14 days ahead.'),
        ),
    )
    .check(
      z.maxLength(3, 'Use at most 3 reminders.'),
      z.refine((a) => new Set(a).size === a.length, 'Each reminder time should appear once.'),
    ),
  /** How long a booking request may wait for the therapist before it is released. */
  requestExpiryHours: z
    .number()
    .check(
      z.int('Give how long a request waits in whole hours.'),
      z.minimum(2, 'Let a request wait for you at least 2 hours.'),
      z.maximum(24 * 14, 'A request can wait at most 14 days (336 hours).'),
    ),
  /**
   * Minutes between the start times a client is offered, counted from the hour. A nervous first-time
   * client choosing among 30 times a day is worse served than one choosing among 15; 15 suits a
   * therapist with short sessions.
   */
  startIntervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)], {
    error: 'Choose 15, 30 or 60 minutes between start times.',
  }),
  // Breaks (shared/domain/therapist-break.ts). Per therapist, not per deployment: how far ahead to
  // tell clients about a holiday, and when to invite them back, is part of each therapist's way of
  // working (a longer break often wants longer notice), and one deployment serves many therapists.
  /** Days before a break starts that active clients get the notice (at 09:00 the therapist's time). */
  breakNoticeDays: z
    .number()
    .check(
      z.int('Give the notice in whole days.'),
      z.minimum(1, 'Give at least 1 day of notice.'),
      z.maximum(90, 'Use at most 90 days of notice.'),
    ),
  /** Days before a break ends that active clients without a booking are invited back. */
  welcomeBackDays: z
    .number()
    .check(
      z.int('Give the days in whole days.'),
      z.minimum(1, 'Invite clients back at least 1 day before the break ends.'),
      z.maximum(30, 'Use at most 30 days.'),
    ),
  /** Days after the welcome back during which the first weeks after a break are kept for returning clients (0: not kept). */
  earlyWindowDays: z
    .number()
    .check(
      z.int('Give the early window in whole days.'),
      z.minimum(0, 'Use 0 to keep no early window.'),
      z.maximum(14, 'Keep the early window to 14 days or fewer.'),
    ),
  /**
   * Weeks between the short notes that ask a person on the waiting list whether they still want
   * their place (shared/domain/waiting-list.ts). Per therapist: how long a wait feels, and how often
   * to ask, is part of their way of working.
   */
  waitingListCheckInWeeks: z
    .number()
    .check(
      z.int('Use whole weeks.'),
      z.minimum(2, 'Check in with people on the waiting list at most every 2 weeks.'),
      z.maximum(26, 'Check in with people on the waiting list at least every 26 weeks.'),
    ),
});

/**
 * Settings added after the first release: stored settings saved before they existed read with these.
 * Only the whole object has defaults: in a change, a missing field means "keep it", never "reset it".
 */
const addedLater = {
  startIntervalMinutes: 30,
  breakNoticeDays: 14,
  welcomeBackDays: 7,
  earlyWindowDays: 3,
  waitingListCheckInWeeks: 6,
} as const;

export const practiceSettingsSchema = z.lazy(() => {
  const f = settingFields();
  return z.strictObject({
    ...f,
    startIntervalMinutes: z._default(f.startIntervalMinutes, addedLater.startIntervalMinutes),
    breakNoticeDays: z._default(f.breakNoticeDays, addedLater.breakNoticeDays),
    welcomeBackDays: z._default(f.welcomeBackDays, addedLater.welcomeBackDays),
    earlyWindowDays: z._default(f.earlyWindowDays, addedLater.earlyWindowDays),
    waitingListCheckInWeeks: z._default(f.waitingListCheckInWeeks, addedLater.waitingListCheckInWeeks),
  });
});
export type PracticeSettings = z.infer<typeof practiceSettingsSchema>;

export const defaultPracticeSettings: PracticeSettings = {
  consultation: { durationMinutes: 30, mode: { kind: 'video' } },
  sessionLengthMinutes: 50,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  minimumNoticeMinutes: 12 * 60,
  horizonDays: 42,
  dailyLimit: null,
  requiresConfirmation: true,
  cancellationNoticeHours: 24,
  reminderOffsetsMinutes: [24 * 60],
  requestExpiryHours: 48,
  startIntervalMinutes: 30,
  breakNoticeDays: 14,
  welcomeBackDays: 7,
  earlyWindowDays: 3,
  waitingListCheckInWeeks: 6,
};

/**
 * What one settings form changes: only the fields it shows. A form that wrote the whole object would
 * reset every setting it does not show (to its default, or to what the form last read), so every
 * form sends its own fields and the rest stay as saved.
 */
export type PracticeSettingsChanges = Partial<Omit<PracticeSettings, 'consultation'>> & {
  consultation?: Partial<PracticeSettings['consultation']>;
};

/**
 * A change to the settings (PUT /me/settings, and each settings form): any of the fields, each by
 * the same rules as the whole, none with a default, so a field left out keeps its saved value. The
 * consultation's fields may be sent one at a time; its mode is replaced whole (its fields depend on
 * its kind).
 */
export const practiceSettingsChangesSchema = z.lazy(() => {
  const { consultation, ...f } = settingFields();
  const optional = <S extends Record<string, z.ZodMiniType>>(shape: S) =>
    Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, z.optional(v)])) as {
      [K in keyof S]: z.ZodMiniOptional<S[K]>;
    };
  return z.strictObject(
    { consultation: z.optional(z.strictObject(optional(consultation.shape))), ...optional(f) },
    { error: 'Please send a JSON object with the settings to change, such as { "horizonDays": 60 }.' },
  );
});

/** The saved settings with `changes` laid over them; validate the result with practiceSettingsSchema. */
export function withChanges(saved: PracticeSettings, changes: PracticeSettingsChanges): Record<string, unknown> {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const { consultation, ...rest } = changes;
  return { ...saved, ...defined(rest), consultation: { ...saved.consultation, ...defined(consultation ?? {}) } };
}
