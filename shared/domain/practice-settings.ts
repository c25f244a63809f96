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
};
