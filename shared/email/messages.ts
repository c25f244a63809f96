/**
 * The outbox message catalogue: every email Threshold sends, by template, with the data its
 * template needs. Use cases write these into the outbox in the same transaction as the state change;
 * the mailer renders and sends them. Data holds only what the message shows (never the client's
 * free-text message) plus instants as ISO strings with the reader's IANA zone, so the mailer can name
 * the zone. Links carry raw single-use tokens; the mailer drops the data once the email is sent.
 */
export interface Recipient {
  email: string;
  /** The name to greet and to address the email to (preferred name for clients). */
  name: string;
}

export interface EnquiryReceived {
  template: 'enquiry-received';
  data: { clientName: string; therapistName: string; replyBy: string; timeZone: string };
}
export interface EnquiryNew {
  template: 'enquiry-new';
  data: {
    therapistName: string;
    clientName: string;
    receivedAt: string;
    timeZone: string;
    preferredContact: 'email' | 'phone';
    hasMessage: boolean;
    hasTimePreferences: boolean;
    acceptUrl: string;
    declineUrl: string;
    /** Where the therapist reads the full enquiry behind sign-in. */
    enquiryUrl: string;
  };
}
export interface EnquiryAccepted {
  template: 'enquiry-accepted';
  /** bookingUrl: the consultation invitation link (the consultations capability fills it in). */
  data: {
    clientName: string;
    therapistName: string;
    note?: string;
    bookingUrl?: string;
    invitationExpiresAt?: string;
    timeZone: string;
  };
}
export interface EnquiryDeclined {
  template: 'enquiry-declined';
  data: { clientName: string; therapistName: string; note?: string };
}
export interface EnquiryNudge {
  template: 'enquiry-nudge';
  data: {
    therapistName: string;
    clientName: string;
    receivedAt: string;
    timeZone: string;
    acceptUrl: string;
    declineUrl: string;
    enquiryUrl: string;
    expiresAt: string;
  };
}
export interface EnquiryClosed {
  template: 'enquiry-closed';
  data: { clientName: string; therapistName: string };
}

// ---- Bookings (initial consultations and sessions) ----------------------------------------------
// Every instant is an ISO string in UTC; `timeZone` is always the READER's IANA zone (the client's
// zone in client emails, the therapist's in therapist emails), so the template names it.

/** How the appointment happens. Video links and addresses are the therapist's own settings. */
export type AppointmentJoin =
  | { kind: 'video' /** Absent until the therapist sets one: the template says the link will follow. */; link?: string }
  /** `number`: the client's, in the therapist's emails only (who calls whom is in the template). */
  | { kind: 'phone'; number?: string }
  | { kind: 'in-person'; address: string };

/** One appointment as a reader sees it. */
export interface AppointmentDetails {
  kind: 'consultation' | 'session';
  start: string;
  end: string;
  durationMinutes: number;
  /** The reader's IANA zone. */
  timeZone: string;
  join: AppointmentJoin;
}

/**
 * The calendar invite (ICS) a booking email carries. The mailer renders it as a text/calendar
 * attachment (and a METHOD matching part). `uid` never changes for a booking; `sequence` rises on
 * every change the calendar should see (move, cancel). `summary` is neutral on purpose: calendars
 * are shown on lock screens and shared with others ("Appointment with Sam Rivera", never "therapy").
 */
export interface CalendarEvent {
  method: 'REQUEST' | 'CANCEL';
  status: 'CONFIRMED' | 'CANCELLED';
  /** `${bookingId}@threshold` */
  uid: string;
  sequence: number;
  start: string;
  end: string;
  /**
   * The reader's IANA zone: the description names the time in it. DTSTART/DTEND are written in UTC,
   * not with a TZID (ics.ts says why).
   */
  timeZone: string;
  summary: string;
  /** The video link, "Phone call" or the address. */
  location?: string;
  /** How to join, in one or two plain sentences. No links carrying tokens: calendars get shared. */
  description: string;
  /** The therapist's name with the deployment's sender address (never the therapist's own address in a client's invite). */
  organizer: { name: string; email: string };
  /** The client; the therapist's copy lists the same attendee. */
  attendees: { name: string; email: string }[];
}

/** To the client: the request arrived and waits for the therapist. */
export interface BookingRequested {
  template: 'booking-requested';
  data: {
    clientName: string;
    therapistName: string;
    appointment: AppointmentDetails;
    /** When the request lapses if the therapist has not answered (the client is told either way). */
    answerBy: string;
    /** Cancel the request (the same multi-use manage link as for a confirmed booking). */
    manageUrl: string;
    /** The practice's notice window, so a time chosen inside it is said to be so (absent in messages queued before it). */
    cancellationNoticeHours?: number;
  };
}

/** To the therapist: a request to confirm or decline, with one-click links (no sign-in needed). */
export interface BookingRequest {
  template: 'booking-request';
  data: {
    therapistName: string;
    clientName: string;
    appointment: AppointmentDetails;
    /** The client's own zone, when it differs from the therapist's (so the therapist can mention it). */
    clientTimeZone: string;
    requestedAt: string;
    /** When the request lapses and the time is freed. */
    expiresAt: string;
    confirmUrl: string;
    declineUrl: string;
    /** The therapist's bookings, behind sign-in. */
    bookingsUrl: string;
  };
}

/** To the therapist, once, when a request is still waiting: fresh one-click links. */
export interface BookingRequestNudge {
  template: 'booking-request-nudge';
  data: BookingRequest['data'];
}

/** To the client: the appointment is confirmed. Carries the ICS invite and the manage link. */
export interface BookingConfirmed {
  template: 'booking-confirmed';
  data: {
    clientName: string;
    therapistName: string;
    appointment: AppointmentDetails;
    /** `${appUrl ?? publicBaseUrl}/manage/${token}`: view, cancel or move. */
    manageUrl: string;
    /** Hours before the start after which cancelling or moving goes through the therapist. */
    cancellationNoticeHours: number;
    ics: CalendarEvent;
  };
}

/** To the therapist: the appointment is in the diary (after their confirm, or auto-confirmed). */
export interface BookingConfirmedTherapist {
  template: 'booking-confirmed-therapist';
  data: {
    therapistName: string;
    clientName: string;
    appointment: AppointmentDetails;
    clientTimeZone: string;
    /** True when the practice confirms bookings automatically (no action was taken by the therapist). */
    autoConfirmed: boolean;
    bookingsUrl: string;
    ics: CalendarEvent;
  };
}

/** To the client: the therapist could not take the requested time. Kind; offers another time. */
export interface BookingDeclined {
  template: 'booking-declined';
  data: {
    clientName: string;
    therapistName: string;
    /** The time that was asked for. */
    appointment: AppointmentDetails;
    note?: string;
    /** Present while the invitation is still open: pick another time. */
    bookingUrl?: string;
    invitationExpiresAt?: string;
    /** When the invitation has closed: the therapist's contact page, to write again. */
    contactUrl?: string;
  };
}

/** To the client: the request was not answered in time; the time is released. Never blames anyone. */
export interface BookingExpired {
  template: 'booking-expired';
  data: {
    clientName: string;
    therapistName: string;
    appointment: AppointmentDetails;
    bookingUrl?: string;
    invitationExpiresAt?: string;
  };
}

/**
 * To the client, whoever cancelled: by the therapist (with their note), or by the client (a
 * confirmation). A confirmed booking's email carries an ICS CANCEL (sequence + 1); a request that
 * was never confirmed has no calendar entry, so no ICS.
 */
export interface BookingCancelled {
  template: 'booking-cancelled';
  data: {
    clientName: string;
    therapistName: string;
    appointment: AppointmentDetails;
    cancelledBy: 'client' | 'therapist';
    /** The therapist's note (cancelled by the therapist only). */
    note?: string;
    /** True when it was still a request (not yet confirmed). */
    wasRequest: boolean;
    /** When the invitation is open again (a request, or the client cancelled): pick another time. */
    bookingUrl?: string;
    invitationExpiresAt?: string;
    ics?: CalendarEvent;
  };
}

/** To the therapist, whoever cancelled (a client's cancellation notifies them). */
export interface BookingCancelledTherapist {
  template: 'booking-cancelled-therapist';
  data: {
    therapistName: string;
    clientName: string;
    appointment: AppointmentDetails;
    cancelledBy: 'client' | 'therapist';
    /**
     * Whether the client gave a reason. The reason itself is the client's own free text, so like an
     * enquiry's message it is never emailed: the therapist reads it behind sign-in (GET /me/bookings).
     */
    hasReason: boolean;
    wasRequest: boolean;
    bookingsUrl: string;
    ics?: CalendarEvent;
  };
}

/** To the client: the appointment moved (they moved it). ICS update with sequence + 1, same UID. */
export interface BookingMoved {
  template: 'booking-moved';
  data: {
    clientName: string;
    therapistName: string;
    appointment: AppointmentDetails;
    previous: { start: string; end: string };
    /** Still a request waiting for the therapist, or confirmed. */
    status: 'requested' | 'confirmed';
    manageUrl: string;
    cancellationNoticeHours: number;
    /** Present once confirmed (a request has no calendar entry yet). */
    ics?: CalendarEvent;
  };
}

/** To the therapist: a client moved their appointment or request. */
export interface BookingMovedTherapist {
  template: 'booking-moved-therapist';
  data: {
    therapistName: string;
    clientName: string;
    appointment: AppointmentDetails;
    previous: { start: string; end: string };
    clientTimeZone: string;
    status: 'requested' | 'confirmed';
    bookingsUrl: string;
    ics?: CalendarEvent;
  };
}

/**
 * To the client, before the appointment. Minimal on purpose (docs/voice-and-privacy.md): first names, the time with
 * its zone, how to join, how to cancel — never the reason for therapy.
 */
export interface BookingReminder {
  template: 'booking-reminder';
  data: {
    clientFirstName: string;
    therapistFirstName: string;
    /** The therapist's full display name, for the signature and From name. */
    therapistName: string;
    appointment: AppointmentDetails;
    manageUrl: string;
    /** The practice's notice window: a reminder inside it says the time cannot be changed online (absent in older messages). */
    cancellationNoticeHours?: number;
  };
}

/** To the client after a consultation, when the therapist records "not proceeding": a kind close. */
export interface ConsultationNotProceeding {
  template: 'consultation-not-proceeding';
  data: { clientName: string; therapistName: string; note?: string };
}

/** To an active client: an invitation to book a regular session (POST /me/clients/{id}/invite). */
export interface SessionInvitation {
  template: 'session-invitation';
  data: {
    clientName: string;
    therapistName: string;
    /** The page with the free times (GET /book/{token}). */
    bookingUrl: string;
    invitationExpiresAt: string;
    durationMinutes: number;
    /** The therapist's zone (the client's is not known until they book). */
    timeZone: string;
  };
}

export type BookingMessageBody =
  | BookingRequested
  | BookingRequest
  | BookingRequestNudge
  | BookingConfirmed
  | BookingConfirmedTherapist
  | BookingDeclined
  | BookingExpired
  | BookingCancelled
  | BookingCancelledTherapist
  | BookingMoved
  | BookingMovedTherapist
  | BookingReminder
  | ConsultationNotProceeding
  | SessionInvitation;

// ---- Therapist breaks ----------------------------------------------------------------------------
// Dates, not times: a break is a range of the therapist's calendar days, so no zone needs naming.
// `when` is the range in a client's words ("from Monday 3 August to Friday 14 August"), made by
// shared/domain/therapist-break.ts breakDatesInWords; `start` and `end` are the YYYY-MM-DD dates.

/** To an active client, once, before the therapist's break: the dates and the therapist's own note. */
export interface BreakNotice {
  template: 'break-notice';
  data: {
    clientName: string;
    therapistName: string;
    start: string;
    end: string;
    when: string;
    /** The first date after the break, in words ("Monday 17 August"). */
    firstDayBack: string;
    /** The therapist's own note to their clients, written to be read by them (never a client's words). */
    therapistMessage?: string;
  };
}

/** To a client who had the notice, when the therapist deleted the break before it began. */
export interface BreakNoticeCorrection {
  template: 'break-notice-correction';
  data: { clientName: string; therapistName: string; start: string; end: string; when: string };
}

/**
 * To an active client without a booking after the break, near its end: an invitation to book a
 * regular session (the same kind of link as session-invitation). `reminder`: the one reminder the
 * therapist chose to send to a client who has not booked yet.
 */
export interface WelcomeBack {
  template: 'welcome-back';
  data: {
    clientName: string;
    therapistName: string;
    /** The first date after the break, in words ("Monday 17 August"). */
    firstDayBack: string;
    bookingUrl: string;
    invitationExpiresAt: string;
    durationMinutes: number;
    /** The therapist's zone (the client's is not known until they book). */
    timeZone: string;
    reminder: boolean;
  };
}

export type BreakMessageBody = BreakNotice | BreakNoticeCorrection | WelcomeBack;

// ---- Returns (a recognised client asking to come back after a break) --------------------------
// A person who is not recognised is treated as a new enquiry and gets the enquiry messages instead.

/** To the client, at once (docs/voice-and-privacy.md "return request received"): it arrived; the therapist replies personally. */
export interface ReturnRequestReceived {
  template: 'return-request-received';
  /** replyBy: when to expect a reply, as for an enquiry; timeZone: the therapist's. */
  data: { clientName: string; therapistName: string; replyBy: string; timeZone: string };
}

/** To the therapist: neutral, no message text (read behind sign-in at returnsUrl). */
export interface ReturnRequestNew {
  template: 'return-request-new';
  data: {
    therapistName: string;
    clientName: string;
    receivedAt: string;
    timeZone: string;
    hasMessage: boolean;
    /** GET /me/returns behind sign-in: the request with the client's history, accept or decline there. */
    returnsUrl: string;
    /** True on the one reminder sent when the request is still waiting after the nudge time. */
    reminder?: boolean;
  };
}

/** To the client: welcome back, with an invitation to book a regular session directly (no consultation). */
export interface ReturnAccepted {
  template: 'return-accepted';
  data: {
    clientName: string;
    therapistName: string;
    note?: string;
    /** The page with the free times (GET /book/{token}). */
    bookingUrl: string;
    invitationExpiresAt: string;
    durationMinutes: number;
    /** The therapist's zone (the client's is not known until they book). */
    timeZone: string;
  };
}

/** To the client: a kind no (about space or fit, never the person), with signposting and crisis lines. */
export interface ReturnDeclined {
  template: 'return-declined';
  data: { clientName: string; therapistName: string; note?: string };
}

export type ReturnMessageBody = ReturnRequestReceived | ReturnRequestNew | ReturnAccepted | ReturnDeclined;

// ---- The waiting list (a therapist who is full: shared/domain/waiting-list.ts) ----------------------
// Client messages say what happened, what happens next and how to leave; none names what the person
// wrote. `timeZone` is the therapist's (the person's own is not known while they wait).

/** To the person, at once, instead of enquiry-received: the therapist is full and they are on the list. */
export interface WaitingListJoined {
  template: 'waiting-list-joined';
  data: {
    clientName: string;
    therapistName: string;
    /** The therapist's own guess at the wait, when they gave one. */
    expectedWaitWeeks?: number;
    /** The therapist's own note to people who find them full. */
    note?: string;
    checkInWeeks: number;
    leaveUrl: string;
  };
}

/** To the therapist: someone joined the list. Never the message: only that there is one. */
export interface WaitingListNew {
  template: 'waiting-list-new';
  data: {
    therapistName: string;
    clientName: string;
    joinedAt: string;
    timeZone: string;
    preferredContact: 'email' | 'phone';
    hasMessage: boolean;
    hasTimePreferences: boolean;
    /** The console's waiting-list page, behind sign-in. */
    waitingListUrl: string;
  };
}

/** To the person, every few weeks: still on the list, roughly where things stand, stay or leave. */
export interface WaitingListCheckIn {
  template: 'waiting-list-check-in';
  data: {
    clientName: string;
    therapistName: string;
    joinedAt: string;
    timeZone: string;
    /** Roughly how many are ahead: next, a few, or more (never the number). */
    standing: 'next' | 'near' | 'further';
    /** When the next check-in goes out or, when `closesThen`, when the place closes without an answer. */
    nextAt: string;
    closesThen: boolean;
    stayUrl: string;
    leaveUrl: string;
  };
}

/** To the person: a place has opened, with a consultation invitation (the enquiry-accepted link). */
export interface WaitingListOffer {
  template: 'waiting-list-offer';
  data: {
    clientName: string;
    therapistName: string;
    note?: string;
    bookingUrl: string;
    invitationExpiresAt: string;
    durationMinutes: number;
    timeZone: string;
    leaveUrl: string;
  };
}

/** To the person: the offer's link closed unused; they keep their place. */
export interface WaitingListOfferExpired {
  template: 'waiting-list-offer-expired';
  data: { clientName: string; therapistName: string; offeredAt: string; timeZone: string; leaveUrl: string };
}

/** To the person, when their place closes: they left, the therapist removed them, or two check-ins went unanswered. */
export interface WaitingListClosed {
  template: 'waiting-list-closed';
  data: { clientName: string; therapistName: string; reason: 'left' | 'removed' | 'no-reply'; note?: string };
}

/** To the therapist: a place they offered is free again, so they can offer it to the next person. */
export interface WaitingListPlaceFree {
  template: 'waiting-list-place-free';
  data: {
    therapistName: string;
    clientName: string;
    reason: 'offer-expired' | 'left';
    offeredAt: string;
    timeZone: string;
    waitingListUrl: string;
  };
}

export type WaitingListMessageBody =
  | WaitingListJoined
  | WaitingListNew
  | WaitingListCheckIn
  | WaitingListOffer
  | WaitingListOfferExpired
  | WaitingListClosed
  | WaitingListPlaceFree;

// ---- Standing times ------------------------------------------------------------------------------

/** To a client, once, when the therapist sets a regular time: the pattern and the dates held now. */
export interface StandingTimeSet {
  template: 'standing-time-set';
  data: {
    clientName: string;
    therapistName: string;
    weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
    /** HH:mm in the therapist's zone. */
    time: string;
    every: 'week' | 'fortnight';
    lengthMinutes: number;
    /** YYYY-MM-DD. */
    firstDate: string;
    timeZone: string;
    /** ISO instants of the dates held now. */
    dates: string[];
  };
}

export type OutboxMessageBody =
  | StandingTimeSet
  | EnquiryReceived
  | EnquiryNew
  | EnquiryAccepted
  | EnquiryDeclined
  | EnquiryNudge
  | EnquiryClosed
  | BookingMessageBody
  | BreakMessageBody
  | ReturnMessageBody
  | WaitingListMessageBody;
export type TemplateName = OutboxMessageBody['template'];

export type OutboxMessage = OutboxMessageBody & {
  /** Stable id: the outbox item key and the SES idempotency reference. */
  id: string;
  therapistId: string;
  to: Recipient;
  /** Who the email speaks for (the From display name): always the therapist, never "the system". */
  fromName: string;
};
