/**
 * The outbox messages about a booking, with everything their templates need: names, ISO instants in
 * UTC with the reader's IANA zone, links, and the calendar event. Nothing the client wrote goes in.
 */
import type { Settings } from '#shared/config.js';
import { firstName } from '#shared/domain/booking-policy.js';
import type { PracticeSettings } from '#shared/domain/practice-settings.js';
import { bookingUid } from '#shared/email/event-uid.js';
import { inviteSummary, inviteWhere } from '#shared/email/invite-words.js';
import type { AppointmentDetails, CalendarEvent, OutboxMessage, OutboxMessageBody } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import { contactPageUrl } from '../enquiries/contact-links.js';
import { bookingUrlForTherapist } from './booking-links.js';

export interface BookingContext {
  therapist: TherapistProfile;
  /** The zone the therapist's hours are in: their emails name it. */
  therapistZone: string;
  practice: PracticeSettings;
  settings: Settings;
  now: Date;
}

/** An open invitation's link, when the client can choose another time with it. */
export interface Rebook {
  bookingUrl: string;
  invitationExpiresAt: string;
}

type Reader = 'client' | 'therapist';

const minutesBetween = (start: string, end: string): number =>
  Math.round((Date.parse(end) - Date.parse(start)) / 60_000);

export function appointment(
  booking: StoredBooking,
  timeZone: string,
  at: { start: string; end: string } = booking,
): AppointmentDetails {
  return {
    kind: booking.kind,
    start: at.start,
    end: at.end,
    durationMinutes: minutesBetween(at.start, at.end),
    timeZone,
    join: booking.mode,
  };
}

/** The therapist's view: for a phone appointment, the client's number to call. */
const forTherapist = (details: AppointmentDetails, booking: StoredBooking): AppointmentDetails =>
  details.join.kind === 'phone' && booking.client.phone
    ? { ...details, join: { kind: 'phone', number: booking.client.phone } }
    : details;

/** The ICS data: stable UID, the booking's SEQUENCE, the reader's zone, a neutral summary. */
export function calendarEvent(
  ctx: BookingContext,
  booking: StoredBooking,
  reader: Reader,
  method: CalendarEvent['method'],
): CalendarEvent {
  const timeZone = reader === 'client' ? booking.clientTimeZone : ctx.therapistZone;
  const other = reader === 'client' ? ctx.therapist.displayName : booking.client.name;
  return {
    method,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    uid: bookingUid(booking.bookingId),
    sequence: booking.sequence,
    start: booking.start,
    end: booking.end,
    timeZone,
    summary: inviteSummary(other),
    ...inviteWhere(booking.mode, other, method),
    // The therapist is the organizer people see (CN). The address stays the sender's: iMIP (RFC 6047)
    // calendars trust an update or a CANCEL only from the address that organised the event, which
    // must be the From of the email; and a client's invite never carries the therapist's own address.
    organizer: { name: ctx.therapist.displayName, email: ctx.settings.senderEmail },
    attendees: [{ name: booking.client.name, email: booking.client.email }],
  };
}

function toClient(ctx: BookingContext, booking: StoredBooking, body: OutboxMessageBody): OutboxMessage {
  return {
    ...body,
    id: newId(ctx.now),
    therapistId: booking.therapistId,
    fromName: ctx.therapist.displayName,
    to: { email: booking.client.email, name: booking.client.name },
  };
}

function toTherapist(ctx: BookingContext, booking: StoredBooking, body: OutboxMessageBody): OutboxMessage {
  return {
    ...body,
    id: newId(ctx.now),
    therapistId: booking.therapistId,
    fromName: ctx.therapist.displayName,
    to: { email: ctx.therapist.email, name: ctx.therapist.displayName },
  };
}

const names = (ctx: BookingContext, booking: StoredBooking) => ({
  clientName: booking.client.name,
  therapistName: ctx.therapist.displayName,
});

export const requestedEmail = (
  ctx: BookingContext,
  booking: StoredBooking,
  answerBy: Date,
  manageUrl: string,
): OutboxMessage =>
  toClient(ctx, booking, {
    template: 'booking-requested',
    data: {
      ...names(ctx, booking),
      appointment: appointment(booking, booking.clientTimeZone),
      answerBy: answerBy.toISOString(),
      manageUrl,
      cancellationNoticeHours: ctx.practice.cancellationNoticeHours,
    },
  });

export const requestEmail = (
  ctx: BookingContext,
  booking: StoredBooking,
  links: { confirmUrl: string; declineUrl: string },
  expiresAt: Date,
  template: 'booking-request' | 'booking-request-nudge' = 'booking-request',
): OutboxMessage =>
  toTherapist(ctx, booking, {
    template,
    data: {
      ...names(ctx, booking),
      appointment: forTherapist(appointment(booking, ctx.therapistZone), booking),
      clientTimeZone: booking.clientTimeZone,
      requestedAt: booking.requestedAt,
      expiresAt: expiresAt.toISOString(),
      confirmUrl: links.confirmUrl,
      declineUrl: links.declineUrl,
      bookingsUrl: bookingUrlForTherapist(ctx.settings, booking.bookingId),
    },
  });

export const confirmedEmails = (
  ctx: BookingContext,
  booking: StoredBooking,
  manageUrl: string,
  autoConfirmed: boolean,
): OutboxMessage[] => [
  toClient(ctx, booking, {
    template: 'booking-confirmed',
    data: {
      ...names(ctx, booking),
      appointment: appointment(booking, booking.clientTimeZone),
      manageUrl,
      cancellationNoticeHours: ctx.practice.cancellationNoticeHours,
      ics: calendarEvent(ctx, booking, 'client', 'REQUEST'),
    },
  }),
  toTherapist(ctx, booking, {
    template: 'booking-confirmed-therapist',
    data: {
      ...names(ctx, booking),
      appointment: forTherapist(appointment(booking, ctx.therapistZone), booking),
      clientTimeZone: booking.clientTimeZone,
      autoConfirmed,
      bookingsUrl: bookingUrlForTherapist(ctx.settings, booking.bookingId),
      ics: calendarEvent(ctx, booking, 'therapist', 'REQUEST'),
    },
  }),
];

const rebookData = (rebook: Rebook | undefined) =>
  rebook ? { bookingUrl: rebook.bookingUrl, invitationExpiresAt: rebook.invitationExpiresAt } : {};

/** Another time while the invitation is open; once it has closed, the way to write to the therapist again. */
export const declinedEmail = (ctx: BookingContext, booking: StoredBooking, rebook: Rebook | undefined): OutboxMessage =>
  toClient(ctx, booking, {
    template: 'booking-declined',
    data: {
      ...names(ctx, booking),
      appointment: appointment(booking, booking.clientTimeZone),
      ...(booking.note ? { note: booking.note } : {}),
      ...(rebook ? rebookData(rebook) : { contactUrl: contactPageUrl(ctx.settings, booking.therapistId) }),
    },
  });

export const expiredEmail = (ctx: BookingContext, booking: StoredBooking, rebook: Rebook | undefined): OutboxMessage =>
  toClient(ctx, booking, {
    template: 'booking-expired',
    data: { ...names(ctx, booking), appointment: appointment(booking, booking.clientTimeZone), ...rebookData(rebook) },
  });

/** Both sides hear about a cancellation; a confirmed booking's emails carry the ICS CANCEL. */
export function cancelledEmails(
  ctx: BookingContext,
  cancelled: StoredBooking,
  wasRequest: boolean,
  rebook: Rebook | undefined,
): OutboxMessage[] {
  const by = cancelled.cancelledBy ?? 'therapist';
  return [
    toClient(ctx, cancelled, {
      template: 'booking-cancelled',
      data: {
        ...names(ctx, cancelled),
        appointment: appointment(cancelled, cancelled.clientTimeZone),
        cancelledBy: by,
        ...(by === 'therapist' && cancelled.note ? { note: cancelled.note } : {}),
        wasRequest,
        ...(rebook ? { bookingUrl: rebook.bookingUrl, invitationExpiresAt: rebook.invitationExpiresAt } : {}),
        ...(wasRequest ? {} : { ics: calendarEvent(ctx, cancelled, 'client', 'CANCEL') }),
      },
    }),
    toTherapist(ctx, cancelled, {
      template: 'booking-cancelled-therapist',
      data: {
        ...names(ctx, cancelled),
        appointment: forTherapist(appointment(cancelled, ctx.therapistZone), cancelled),
        cancelledBy: by,
        hasReason: Boolean(cancelled.clientReason),
        wasRequest,
        bookingsUrl: bookingUrlForTherapist(ctx.settings, cancelled.bookingId),
        ...(wasRequest ? {} : { ics: calendarEvent(ctx, cancelled, 'therapist', 'CANCEL') }),
      },
    }),
  ];
}

/** Both sides hear about a move; once confirmed, the ICS update keeps the UID and raises SEQUENCE. */
export function movedEmails(
  ctx: BookingContext,
  moved: StoredBooking,
  previous: { start: string; end: string },
  manageUrl: string,
): OutboxMessage[] {
  const status = moved.status === 'confirmed' ? 'confirmed' : 'requested';
  const confirmed = status === 'confirmed';
  return [
    toClient(ctx, moved, {
      template: 'booking-moved',
      data: {
        ...names(ctx, moved),
        appointment: appointment(moved, moved.clientTimeZone),
        previous,
        status,
        manageUrl,
        cancellationNoticeHours: ctx.practice.cancellationNoticeHours,
        ...(confirmed ? { ics: calendarEvent(ctx, moved, 'client', 'REQUEST') } : {}),
      },
    }),
    toTherapist(ctx, moved, {
      template: 'booking-moved-therapist',
      data: {
        ...names(ctx, moved),
        appointment: forTherapist(appointment(moved, ctx.therapistZone), moved),
        previous,
        clientTimeZone: moved.clientTimeZone,
        status,
        bookingsUrl: bookingUrlForTherapist(ctx.settings, moved.bookingId),
        ...(confirmed ? { ics: calendarEvent(ctx, moved, 'therapist', 'REQUEST') } : {}),
      },
    }),
  ];
}

/** Minimal by design: first names, time and zone, how to join, how to cancel. */
export const reminderEmail = (ctx: BookingContext, booking: StoredBooking, manageUrl: string): OutboxMessage =>
  toClient(ctx, booking, {
    template: 'booking-reminder',
    data: {
      clientFirstName: firstName(booking.client.name),
      therapistFirstName: ctx.therapist.shortName || firstName(ctx.therapist.displayName),
      therapistName: ctx.therapist.displayName,
      appointment: appointment(booking, booking.clientTimeZone),
      manageUrl,
      cancellationNoticeHours: ctx.practice.cancellationNoticeHours,
    },
  });

export const notProceedingEmail = (
  ctx: BookingContext,
  booking: StoredBooking,
  note: string | undefined,
): OutboxMessage =>
  toClient(ctx, booking, {
    template: 'consultation-not-proceeding',
    data: { ...names(ctx, booking), ...(note ? { note } : {}) },
  });
