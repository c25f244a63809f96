/**
 * When things happen to an enquiry: the nudge, the expiry, how long a closed enquiry is kept, how
 * long its action links work. Pure: everything is computed from `now` and the settings.
 */
import { addWorkingDays } from './enquiry-working-days.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The same person enquiring with the same therapist within this window is the same enquiry. */
export const duplicateWindowMs = DAY_MS;

/** The deployment's settings these rules read (shared/config.ts), as plain numbers of days. */
export interface EnquiryPolicy {
  readonly enquiryNudgeWorkingDays: number;
  readonly enquiryExpiryDays: number;
  readonly actionLinkTtlDays: number;
  readonly retentionDays: number;
}

export const nudgeDueAt = (receivedAt: Date, timeZone: string, policy: EnquiryPolicy): Date =>
  addWorkingDays(receivedAt, policy.enquiryNudgeWorkingDays, timeZone);

export const expiryDueAt = (receivedAt: Date, policy: EnquiryPolicy): Date =>
  new Date(receivedAt.getTime() + policy.enquiryExpiryDays * DAY_MS);

export const actionLinkExpiresAt = (now: Date, policy: EnquiryPolicy): Date =>
  new Date(now.getTime() + policy.actionLinkTtlDays * DAY_MS);

/** Declined, withdrawn and expired enquiries are deleted by TTL after the retention period. */
export const retentionEndsAt = (closedAt: Date, policy: EnquiryPolicy): Date =>
  new Date(closedAt.getTime() + policy.retentionDays * DAY_MS);

/** What the client is told about when to expect a reply: the nudge is when the therapist is reminded. */
export const replyExpectedBy = nudgeDueAt;
