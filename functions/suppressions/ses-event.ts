/**
 * Reads one EventBridge event into what the suppressions function must do with it. Pure: no I/O,
 * no clock. The shapes and their sources are in ./event-types.ts.
 *
 * Only what is used is checked; everything else SES adds is allowed through (loose objects), so a
 * new field from SES never breaks this. What is used and malformed throws SesEventInvalid, whose
 * message names paths and codes only, never values (they hold addresses).
 */
import * as z from '#shared/zod.js';
import type { SuppressionReason } from '#shared/store/suppressions.js';
import {
  BOUNCE_DETAIL_TYPE,
  COMPLAINT_DETAIL_TYPE,
  CONFIGURATION_SET_TAG,
  OUTBOX_ID_TAG,
  SES_EVENT_SOURCE,
} from './event-types.js';

export type SesFeedback =
  /** Not an SES bounce or complaint: nothing to do. */
  | { kind: 'other'; detailType: string }
  /** A bounce or complaint that must not suppress the address (transient bounce, not-spam report). */
  | {
      kind: 'not-suppressing';
      detailType: string;
      why: string;
      recipients: number;
      outboxId?: string;
      configurationSet?: string;
    }
  | {
      kind: 'suppress';
      detailType: string;
      reason: SuppressionReason;
      /** As SES gives them; the caller normalises and hashes them, and never logs them. */
      addresses: string[];
      at: Date;
      outboxId?: string;
      providerMessageId?: string;
      configurationSet?: string;
    };

export class SesEventInvalid extends Error {
  override name = 'SesEventInvalid';
}

const timestamp = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'not a timestamp'));

const envelopeSchema = z.looseObject({
  source: z.optional(z.string()),
  'detail-type': z.optional(z.string()),
  time: z.optional(z.string()),
  detail: z.optional(z.unknown()),
});

const recipientsSchema = z
  .array(z.looseObject({ emailAddress: z.string().check(z.trim(), z.minLength(1), z.maxLength(320)) }))
  .check(z.maxLength(100));

const mailSchema = z.looseObject({
  messageId: z.optional(z.string()),
  tags: z.optional(z.record(z.string(), z.unknown())),
});

const bounceDetailSchema = z.looseObject({
  mail: mailSchema,
  bounce: z.looseObject({
    bounceType: z.string(),
    bounceSubType: z.optional(z.string()),
    bouncedRecipients: recipientsSchema,
    timestamp: z.optional(timestamp),
  }),
});

const complaintDetailSchema = z.looseObject({
  mail: mailSchema,
  complaint: z.looseObject({
    complainedRecipients: recipientsSchema,
    complaintFeedbackType: z.optional(z.string()),
    timestamp: z.optional(timestamp),
  }),
});

// SES tag values allow letters, digits, '_' and '-' (shared/email/ses-sender.ts); anything else is not ours.
const idPattern = /^[A-Za-z0-9_-]{1,200}$/;
const messageIdPattern = /^[A-Za-z0-9_.-]{1,256}$/;

function firstTag(tags: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = tags?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

const matching = (value: string | undefined, pattern: RegExp): string | undefined =>
  value !== undefined && pattern.test(value) ? value : undefined;

/** Paths and issue codes only: a zod message may quote the value it rejected. */
function invalid(detailType: string, error: z.core.$ZodError): SesEventInvalid {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ');
  return new SesEventInvalid(`${detailType} event not understood: ${issues}`);
}

/** The detail-type as logs may show it: a label from the event, bounded. */
export const detailTypeOf = (event: unknown): string => {
  const value =
    typeof event === 'object' && event !== null ? (event as Record<string, unknown>)['detail-type'] : undefined;
  return typeof value === 'string' ? value.slice(0, 64) : '(none)';
};

export function readSesFeedback(event: unknown): SesFeedback {
  const detailType = detailTypeOf(event);
  const envelope = envelopeSchema.safeParse(event);
  // Not shaped like an EventBridge event at all: not ours either.
  if (!envelope.success) return { kind: 'other', detailType };
  const { source, time, detail } = envelope.data;
  if (source !== SES_EVENT_SOURCE || (detailType !== BOUNCE_DETAIL_TYPE && detailType !== COMPLAINT_DETAIL_TYPE))
    return { kind: 'other', detailType };

  let mail: z.infer<typeof mailSchema>;
  let reason: SuppressionReason;
  let recipients: string[];
  let feedbackTime: string | undefined;
  let notSuppressing: string | undefined;
  if (detailType === BOUNCE_DETAIL_TYPE) {
    const parsed = bounceDetailSchema.safeParse(detail);
    if (!parsed.success) throw invalid(detailType, parsed.error);
    const { bounce } = parsed.data;
    ({ mail } = parsed.data);
    reason = 'bounce';
    recipients = bounce.bouncedRecipients.map((r) => r.emailAddress);
    feedbackTime = bounce.timestamp;
    // Transient (and Undetermined): SES gave up on this message, but the address may work tomorrow.
    if (bounce.bounceType !== 'Permanent')
      notSuppressing = `${bounce.bounceType.replace(/[^A-Za-z]/g, '').slice(0, 32)} bounce`;
  } else {
    const parsed = complaintDetailSchema.safeParse(detail);
    if (!parsed.success) throw invalid(detailType, parsed.error);
    const { complaint } = parsed.data;
    ({ mail } = parsed.data);
    reason = 'complaint';
    recipients = complaint.complainedRecipients.map((r) => r.emailAddress);
    feedbackTime = complaint.timestamp;
    // A "not-spam" feedback report says the opposite of a complaint.
    if (complaint.complaintFeedbackType === 'not-spam') notSuppressing = 'not-spam report';
  }

  const outboxId = matching(firstTag(mail.tags, OUTBOX_ID_TAG), idPattern);
  const configurationSet = firstTag(mail.tags, CONFIGURATION_SET_TAG)?.slice(0, 64);
  const common = { detailType, ...(outboxId ? { outboxId } : {}), ...(configurationSet ? { configurationSet } : {}) };
  if (notSuppressing !== undefined)
    return { kind: 'not-suppressing', ...common, why: notSuppressing, recipients: recipients.length };

  // When SES received the feedback; the event's own time otherwise. Either way it comes from the
  // event, so a redelivered event writes the same item.
  const at = feedbackTime ?? time;
  if (at === undefined || Number.isNaN(Date.parse(at)))
    throw new SesEventInvalid(`${detailType} event not understood: no timestamp`);
  const providerMessageId = matching(mail.messageId, messageIdPattern);
  return {
    kind: 'suppress',
    ...common,
    reason,
    addresses: recipients,
    at: new Date(at),
    ...(providerMessageId ? { providerMessageId } : {}),
  };
}
