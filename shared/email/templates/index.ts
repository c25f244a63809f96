/**
 * Every template by name. Typed over TemplateName, so a message added to messages.ts without a
 * template here fails the type check rather than failing to send.
 */
import type { TemplateName } from '../messages.js';
import type { EmailTemplate } from '../template.js';
import { enquiryAccepted } from './enquiry-accepted.js';
import { enquiryClosed } from './enquiry-closed.js';
import { enquiryDeclined } from './enquiry-declined.js';
import { enquiryNew } from './enquiry-new.js';
import { enquiryNudge } from './enquiry-nudge.js';
import { enquiryReceived } from './enquiry-received.js';

export const templates: { [N in TemplateName]: EmailTemplate<N> } = {
  'enquiry-received': enquiryReceived,
  'enquiry-new': enquiryNew,
  'enquiry-accepted': enquiryAccepted,
  'enquiry-declined': enquiryDeclined,
  'enquiry-nudge': enquiryNudge,
  'enquiry-closed': enquiryClosed,
};
