/**
 * Scheduling endpoints: request and response schemas (read by the OpenAPI generator). Bodies reuse
 * the domain schemas, so what the API accepts is what the slot engine accepts.
 */
import * as z from '#shared/zod.js';
import { invitationKinds, invitationStatuses } from '#shared/domain/invitation.js';
import { practiceSettingsChangesSchema, practiceSettingsSchema } from '#shared/domain/practice-settings.js';
import {
  dateOverrideSchema,
  localDateSchema,
  localIntervalSchema,
  timeZoneSchema,
  weeklyHoursSchema,
} from '#shared/domain/weekly-hours-schema.js';

const instant = z.lazy(() => z.iso.datetime({ offset: true }));

/** A change: the fields sent are set, every other setting keeps its saved value. */
export const settingsBody = practiceSettingsChangesSchema;
export const settingsResponse = z.lazy(() => z.object({ settings: practiceSettingsSchema, saved: z.boolean() }));

export const availabilityBody = weeklyHoursSchema;
export const availabilityResponse = z.lazy(() =>
  z.object({
    timeZone: z.string(),
    weekly: z.record(z.string(), z.array(localIntervalSchema)),
    configured: z.boolean(),
    updatedAt: z.optional(instant),
  }),
);

export const overrideBody = dateOverrideSchema;
export const overrideResponse = z.lazy(() => z.object({ date: z.string(), intervals: z.array(localIntervalSchema) }));
export const overrideListResponse = z.lazy(() => z.object({ timeZone: z.string(), items: z.array(overrideResponse) }));
/** A malformed date in the path names nothing that exists: 404, like any other unknown id. */
export const overrideParams = z.lazy(() => z.object({ date: localDateSchema }));

/** The token's own shape is checked by the token store, so an altered link answers 401, not 404. */
export const invitationParams = z.lazy(() => z.object({ token: z.string().check(z.minLength(1), z.maxLength(200)) }));

export const invitationResponse = z.lazy(() =>
  z.object({
    kind: z.enum(invitationKinds),
    status: z.enum(invitationStatuses),
    therapist: z.object({ displayName: z.string() }),
    durationMinutes: z.number().check(z.int()),
    expiresAt: instant,
    /** The therapist's zone: the default for slots when the visitor's is not known. */
    timeZone: z.string(),
  }),
);

const dateOrInstant = (field: 'from' | 'to') =>
  z.string({ error: `Please give ${field} as text.` }).check(
    z.trim(),
    z.refine(
      (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || instant.safeParse(v).success,
      `Please give ${field} as a date (2026-03-29) or a time with its offset (2026-03-29T09:00:00+01:00).`,
    ),
  );

/** See shared/use-cases/invitations/slot-window.ts for how the window is read. */
export const slotsQuery = z.lazy(() =>
  z.strictObject({
    from: z
      .optional(dateOrInstant('from'))
      .check(z.describe('A date (a whole day in tz) or an instant with its offset. Default: now.')),
    to: z
      .optional(dateOrInstant('to'))
      .check(
        z.describe(
          'A date (inclusive, in tz) or an instant with its offset. Default: 14 days after from. At most 31 days after from.',
        ),
      ),
    tz: z
      .optional(timeZoneSchema)
      .check(
        z.describe(
          "IANA zone the slots are shown in (and dates are read in). Default: the therapist's zone; the response names the zone used.",
        ),
      ),
  }),
);

export const slotsResponse = z.lazy(() =>
  z.object({
    timeZone: z.string(),
    slots: z.array(z.object({ start: instant, end: instant })),
  }),
);
