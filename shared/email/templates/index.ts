/**
 * Every template by name. The catalogue (messages.ts) grows ahead of its templates, so the names
 * still without one are listed here, and the type check fails if a message is in neither list.
 * Sending a listed-but-unwritten message fails loudly (TemplateMissing) and keeps its data.
 */
import type { TemplateName } from '../messages.js';
import type { EmailTemplate } from '../template.js';
import { breakNoticeCorrection } from './break-notice-correction.js';
import { breakNotice } from './break-notice.js';
import { bookingCancelledTherapist } from './booking-cancelled-therapist.js';
import { bookingCancelled } from './booking-cancelled.js';
import { bookingConfirmedTherapist } from './booking-confirmed-therapist.js';
import { bookingConfirmed } from './booking-confirmed.js';
import { bookingDeclined } from './booking-declined.js';
import { bookingExpired } from './booking-expired.js';
import { bookingMovedTherapist } from './booking-moved-therapist.js';
import { bookingMoved } from './booking-moved.js';
import { bookingReminder } from './booking-reminder.js';
import { bookingRequestNudge } from './booking-request-nudge.js';
import { bookingRequest } from './booking-request.js';
import { bookingRequested } from './booking-requested.js';
import { consultationNotProceeding } from './consultation-not-proceeding.js';
import { enquiryAccepted } from './enquiry-accepted.js';
import { enquiryClosed } from './enquiry-closed.js';
import { enquiryDeclined } from './enquiry-declined.js';
import { enquiryNew } from './enquiry-new.js';
import { enquiryNudge } from './enquiry-nudge.js';
import { enquiryReceived } from './enquiry-received.js';
import { returnAccepted } from './return-accepted.js';
import { returnDeclined } from './return-declined.js';
import { returnRequestNew } from './return-request-new.js';
import { returnRequestReceived } from './return-request-received.js';
import { sessionInvitation } from './session-invitation.js';
import { waitingListCheckIn } from './waiting-list-check-in.js';
import { waitingListClosed } from './waiting-list-closed.js';
import { waitingListJoined } from './waiting-list-joined.js';
import { waitingListNew } from './waiting-list-new.js';
import { waitingListOfferExpired } from './waiting-list-offer-expired.js';
import { waitingListOffer } from './waiting-list-offer.js';
import { waitingListPlaceFree } from './waiting-list-place-free.js';
import { standingTimeSet } from './standing-time-set.js';
import { welcomeBack } from './welcome-back.js';

export const templates = {
  'enquiry-received': enquiryReceived,
  'enquiry-new': enquiryNew,
  'enquiry-accepted': enquiryAccepted,
  'enquiry-declined': enquiryDeclined,
  'enquiry-nudge': enquiryNudge,
  'enquiry-closed': enquiryClosed,
  'booking-requested': bookingRequested,
  'booking-request': bookingRequest,
  'booking-request-nudge': bookingRequestNudge,
  'booking-confirmed': bookingConfirmed,
  'booking-confirmed-therapist': bookingConfirmedTherapist,
  'booking-declined': bookingDeclined,
  'booking-expired': bookingExpired,
  'booking-cancelled': bookingCancelled,
  'booking-cancelled-therapist': bookingCancelledTherapist,
  'booking-moved': bookingMoved,
  'booking-moved-therapist': bookingMovedTherapist,
  'booking-reminder': bookingReminder,
  'consultation-not-proceeding': consultationNotProceeding,
  'session-invitation': sessionInvitation,
  'break-notice': breakNotice,
  'break-notice-correction': breakNoticeCorrection,
  'welcome-back': welcomeBack,
  'return-request-received': returnRequestReceived,
  'return-request-new': returnRequestNew,
  'return-accepted': returnAccepted,
  'return-declined': returnDeclined,
  'waiting-list-joined': waitingListJoined,
  'waiting-list-new': waitingListNew,
  'waiting-list-check-in': waitingListCheckIn,
  'waiting-list-offer': waitingListOffer,
  'waiting-list-offer-expired': waitingListOfferExpired,
  'waiting-list-closed': waitingListClosed,
  'waiting-list-place-free': waitingListPlaceFree,
  'standing-time-set': standingTimeSet,
} satisfies { [N in TemplateName]?: EmailTemplate<N> };

export type WrittenTemplateName = keyof typeof templates;

export const templatesToWrite = [] as const satisfies readonly Exclude<TemplateName, WrittenTemplateName>[];

// A message added to messages.ts must get a template or a line above: this fails to compile otherwise.
type Unaccounted = Exclude<TemplateName, WrittenTemplateName | (typeof templatesToWrite)[number]>;
export const everyMessageAccountedFor: [Unaccounted] extends [never] ? true : Unaccounted = true;
