/**
 * What the sweep does for each kind of timer. Adding a kind: add it to TimerKind (store/timers.ts)
 * and one line here — the Record type makes a missing handler a compile error.
 */
import type { TimerItem, TimerKind } from '#shared/store/timers.js';
import type { UseCaseDeps } from '../deps.js';
import { fireBookingReminder } from './booking-reminder.js';
import { fireBookingRequestExpiry } from './booking-request-expiry.js';
import { fireBookingRequestNudge } from './booking-request-nudge.js';
import { fireBreakCorrection } from './break-correction.js';
import { fireBreakNotice } from './break-notice.js';
import { fireBreakWelcomeBack } from './break-welcome-back.js';
import { fireEnquiryExpiry } from './enquiry-expiry.js';
import { fireEnquiryNudge } from './enquiry-nudge.js';
import type { TimerOutcome } from './fire.js';
import { fireReturnRequestNudge } from './return-request-nudge.js';
import { fireStandingExtend } from './standing-extend.js';
import { fireWaitingCheckIn } from './waiting-check-in.js';
import { fireWaitingOfferExpiry } from './waiting-offer-expiry.js';

export type TimerHandler = (deps: UseCaseDeps, timer: TimerItem, now: Date) => Promise<TimerOutcome>;

export const timerHandlers: Record<TimerKind, TimerHandler> = {
  'enquiry-nudge': fireEnquiryNudge,
  'enquiry-expiry': fireEnquiryExpiry,
  'booking-request-nudge': fireBookingRequestNudge,
  'booking-request-expiry': fireBookingRequestExpiry,
  'booking-reminder': fireBookingReminder,
  'break-notice': fireBreakNotice,
  'break-welcome-back': fireBreakWelcomeBack,
  'break-correction': fireBreakCorrection,
  'return-request-nudge': fireReturnRequestNudge,
  'waiting-check-in': fireWaitingCheckIn,
  'waiting-offer-expiry': fireWaitingOfferExpiry,
  'standing-extend': fireStandingExtend,
};
