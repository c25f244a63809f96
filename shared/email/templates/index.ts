/**
 * Every template by name. The catalogue (messages.ts) grows ahead of its templates, so the names
 * still without one are listed here, and the type check fails if a message is in neither list.
 * Sending a listed-but-unwritten message fails loudly (TemplateMissing) and keeps its data.
 */
import type { TemplateName } from '../messages.js';
import type { EmailTemplate } from '../template.js';
import { enquiryAccepted } from './enquiry-accepted.js';
import { enquiryClosed } from './enquiry-closed.js';
import { enquiryDeclined } from './enquiry-declined.js';
import { enquiryNew } from './enquiry-new.js';
import { enquiryNudge } from './enquiry-nudge.js';
import { enquiryReceived } from './enquiry-received.js';

export const templates = {
  'enquiry-received': enquiryReceived,
  'enquiry-new': enquiryNew,
  'enquiry-accepted': enquiryAccepted,
  'enquiry-declined': enquiryDeclined,
  'enquiry-nudge': enquiryNudge,
  'enquiry-closed': enquiryClosed,
} satisfies { [N in TemplateName]?: EmailTemplate<N> };

export type WrittenTemplateName = keyof typeof templates;

export const templatesToWrite = [
  'booking-requested',
  'booking-request',
  'booking-request-nudge',
  'booking-confirmed',
  'booking-confirmed-therapist',
  'booking-declined',
  'booking-expired',
  'booking-cancelled',
  'booking-cancelled-therapist',
  'booking-moved',
  'booking-moved-therapist',
  'booking-reminder',
  'consultation-not-proceeding',
  'session-invitation',
  'break-notice',
  'break-notice-correction',
  'welcome-back',
] as const satisfies readonly Exclude<TemplateName, WrittenTemplateName>[];

// A message added to messages.ts must get a template or a line above: this fails to compile otherwise.
type Unaccounted = Exclude<TemplateName, WrittenTemplateName | (typeof templatesToWrite)[number]>;
export const everyMessageAccountedFor: [Unaccounted] extends [never] ? true : Unaccounted = true;
