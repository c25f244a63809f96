/**
 * The links booking emails carry. Each URL holds nothing but a fresh random token; only its hash is
 * stored, issued in the same transaction as the email that carries it.
 */
import type { Settings } from '#shared/config.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { bookingPageUrl } from '../console-links.js';
import { actionUrl, linkBase } from '../enquiries/action-links.js';
import type { Store } from '#shared/store/index.js';

export interface IssuedLink {
  url: string;
  put: TransactItem;
}

/**
 * A move can take an appointment later than any link already sent for it, and those links must keep
 * working: the token itself outlasts the furthest a booking can be moved (the longest horizon), and
 * the booking's own end is what closes the link (manage-booking.ts checks it on every use).
 */
const manageTokenBackstopMs = 366 * 24 * 60 * 60 * 1000;

/** The client's manage link: view, cancel or move. Used many times (never spent) until the appointment ends. */
export function issueManageLink(
  settings: Settings,
  store: Store,
  booking: { therapistId: string; bookingId: string; end: string },
): IssuedLink {
  const issued = store.tokens.issue(
    'booking-manage',
    booking.therapistId,
    booking.bookingId,
    new Date(Date.parse(booking.end) + manageTokenBackstopMs),
  );
  return { url: `${linkBase(settings)}/manage/${issued.token}`, put: issued.put };
}

export interface RequestLinks {
  confirmUrl: string;
  declineUrl: string;
  puts: TransactItem[];
}

/** One-click Confirm and Decline for the therapist (single use), valid while the request can be answered. */
export function issueRequestLinks(
  settings: Settings,
  store: Store,
  therapistId: string,
  bookingId: string,
  answerBy: Date,
): RequestLinks {
  const confirm = store.tokens.issue('booking-confirm', therapistId, bookingId, answerBy);
  const decline = store.tokens.issue('booking-decline', therapistId, bookingId, answerBy);
  return {
    confirmUrl: actionUrl(settings, confirm.token),
    declineUrl: actionUrl(settings, decline.token),
    puts: [confirm.put, decline.put],
  };
}

/** Where the therapist sees the booking, behind sign-in: its console page. */
export const bookingUrlForTherapist = (settings: Settings, bookingId: string): string =>
  bookingPageUrl(settings, bookingId);
