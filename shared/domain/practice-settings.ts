/**
 * A therapist's booking settings (GET/PUT /me/settings). The schema is the single source of the
 * request shape, the stored shape and the defaults a new therapist starts with.
 */
import * as z from 'zod';

const minutes = (max: number) => z.number().int('Use whole minutes.').min(0, 'Use 0 or more minutes.').max(max, `Use at most ${max} minutes.`);

export const appointmentModeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('video'), link: z.url('Give the video link as a full https:// address.').max(500).optional() }),
  z.strictObject({ kind: z.literal('phone') }),
  z.strictObject({ kind: z.literal('in-person'), address: z.string().trim().min(1, 'Give the address clients should come to.').max(300) }),
]);
export type AppointmentMode = z.infer<typeof appointmentModeSchema>;

export const practiceSettingsSchema = z
  .strictObject({
    consultation: z.strictObject({
      durationMinutes: z.number().int().min(10, 'A consultation needs at least 10 minutes.').max(240, 'A consultation can be at most 240 minutes.'),
      mode: appointmentModeSchema,
    }),
    sessionLengthMinutes: z.number().int().min(10, 'A session needs at least 10 minutes.').max(240, 'A session can be at most 240 minutes.'),
    bufferBeforeMinutes: minutes(120),
    bufferAfterMinutes: minutes(120),
    minimumNoticeMinutes: minutes(60 * 24 * 30),
    horizonDays: z.number().int().min(1, 'Let clients book at least 1 day ahead.').max(365, 'The booking horizon can be at most 365 days.'),
    dailyLimit: z.number().int().min(1, 'Allow at least 1 appointment a day, or use null for no limit.').max(24).nullable(),
    requiresConfirmation: z.boolean(),
    cancellationNoticeHours: z.number().int().min(0).max(24 * 14, 'The cancellation notice can be at most 14 days (336 hours).'),
    reminderOffsetsMinutes: z
      .array(z.number().int().min(15, 'Send reminders at least 15 minutes ahead.').max(60 * 24 * 14, 'Send reminders at most 14 days ahead.'))
      .max(3, 'Use at most 3 reminders.')
      .refine((a) => new Set(a).size === a.length, 'Each reminder time should appear once.'),
    /** How long a booking request may wait for the therapist before it is released. */
    requestExpiryHours: z.number().int().min(2).max(24 * 14),
    /**
     * Minutes between the start times a client is offered, counted from the hour. A nervous first-time
     * client choosing among 30 times a day is worse served than one choosing among 15; 15 suits a
     * therapist with short sessions. A default keeps settings saved before this existed valid.
     */
    startIntervalMinutes: z
      .union([z.literal(15), z.literal(30), z.literal(60)], { error: 'Choose 15, 30 or 60 minutes between start times.' })
      .default(30),
    // Breaks (shared/domain/therapist-break.ts). Per therapist, not per deployment: how far ahead to
    // tell clients about a holiday, and when to invite them back, is part of each therapist's way of
    // working (a longer break often wants longer notice), and one deployment serves many therapists.
    // Defaults keep settings saved before these existed, and PUTs that leave them out, valid.
    /** Days before a break starts that active clients get the notice (at 09:00 the therapist's time). */
    breakNoticeDays: z.number().int().min(1, 'Give at least 1 day of notice.').max(90, 'Use at most 90 days of notice.').default(14),
    /** Days before a break ends that active clients without a booking are invited back. */
    welcomeBackDays: z.number().int().min(1, 'Invite clients back at least 1 day before the break ends.').max(30, 'Use at most 30 days.').default(7),
    /** Days after the welcome back during which the first weeks after a break are kept for returning clients (0: not kept). */
    earlyWindowDays: z.number().int().min(0).max(14, 'Keep the early window to 14 days or fewer.').default(3),
    /**
     * Weeks between the short notes that ask a person on the waiting list whether they still want
     * their place (shared/domain/waiting-list.ts). Per therapist: how long a wait feels, and how often
     * to ask, is part of their way of working.
     */
    waitingListCheckInWeeks: z
      .number()
      .int('Use whole weeks.')
      .min(2, 'Check in with people on the waiting list at most every 2 weeks.')
      .max(26, 'Check in with people on the waiting list at least every 26 weeks.')
      .default(6),
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
