/**
 * The one route list. The CDK API stack builds one HTTP API route per entry and one Lambda per
 * capability; the local server mounts the same entries; each capability's handler routes on the
 * API Gateway `routeKey` ("METHOD /path/{param}"). Nothing else knows the route set.
 * Keep this file free of handler imports: CDK and every bundle import it.
 */
export const capabilities = ['enquiries', 'consultations', 'rebooking', 'therapist', 'calendars', 'console'] as const;
export type Capability = (typeof capabilities)[number];

/**
 * Functions that are not behind the API: the outbox mailer, the timer sweep, SES bounce/complaint
 * suppressions, and the sync that reads therapists' busy calendars.
 */
export const backgroundFunctions = ['mailer', 'sweep', 'suppressions', 'calendar-sync'] as const;
export type FunctionName = Capability | (typeof backgroundFunctions)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
/**
 * public: no credentials (tokens in the path are checked by the use case); therapist: Cognito JWT
 * checked by API Gateway's authorizer; session: the therapist's console, public at API Gateway because
 * a browser sends a cookie, not a bearer token: the console function verifies the session cookie
 * itself, with the same issuer and audience as the authorizer (functions/console/session.ts).
 */
export type AuthKind = 'public' | 'therapist' | 'session';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly capability: Capability;
  readonly auth: AuthKind;
  /** Operation id: the key into the capability's operation table and the OpenAPI operationId. */
  readonly operation: string;
  readonly summary: string;
  /** Served by the local stack only (e.g. its sign-in without Cognito); the CDK app never builds it. */
  readonly localOnly?: true;
}

export const routes = [
  { method: 'GET', path: '/health', capability: 'enquiries', auth: 'public', operation: 'health', summary: 'Liveness: the function runs (touches nothing)' },
  { method: 'GET', path: '/favicon.ico', capability: 'enquiries', auth: 'public', operation: 'favicon', summary: 'The icon a browser shows beside every page (SVG, cached for a week)' },
  { method: 'GET', path: '/health/ready', capability: 'enquiries', auth: 'public', operation: 'ready', summary: 'Readiness: the table answers a read; 503 problem when it does not' },
  { method: 'POST', path: '/therapists/{therapistId}/enquiries', capability: 'enquiries', auth: 'public', operation: 'createEnquiry', summary: 'First contact: send an enquiry to a therapist' },
  { method: 'GET', path: '/contact/{therapistId}', capability: 'enquiries', auth: 'public', operation: 'contactPage', summary: 'Page: write a first message to a therapist (works without JavaScript; framed only by the configured origins)' },
  { method: 'POST', path: '/contact/{therapistId}', capability: 'enquiries', auth: 'public', operation: 'sendFromContactPage', summary: 'Page form: the same first contact as POST /therapists/{therapistId}/enquiries (form fields of the same names, consent ticked); answers with a page' },
  { method: 'GET', path: '/privacy', capability: 'enquiries', auth: 'public', operation: 'privacyNotice', summary: 'Page: the privacy notice the contact pages ask consent to (or a redirect to the deployment’s own)' },
  { method: 'GET', path: '/actions/{token}', capability: 'enquiries', auth: 'public', operation: 'describeAction', summary: 'Page describing a one-click action from an email; never acts' },
  { method: 'POST', path: '/actions/{token}', capability: 'enquiries', auth: 'public', operation: 'performAction', summary: 'Perform a one-click action (form field note optional)' },
  { method: 'GET', path: '/waiting-list/{token}', capability: 'enquiries', auth: 'public', operation: 'describeWaitingLink', summary: "Page: a waiting person's keep-my-place or leave link, with a button to confirm; never acts" },
  { method: 'POST', path: '/waiting-list/{token}', capability: 'enquiries', auth: 'public', operation: 'answerWaitingLink', summary: 'Page form: keep the place, or leave the waiting list; answers with a page' },

  { method: 'GET', path: '/me/enquiries', capability: 'therapist', auth: 'therapist', operation: 'listEnquiries', summary: 'Enquiry inbox, optionally filtered by status' },
  { method: 'GET', path: '/me/enquiries/{enquiryId}', capability: 'therapist', auth: 'therapist', operation: 'getEnquiry', summary: 'One enquiry, including the message' },
  { method: 'POST', path: '/me/enquiries/{enquiryId}/accept', capability: 'therapist', auth: 'therapist', operation: 'acceptEnquiry', summary: 'Accept an enquiry: the client is invited to book a consultation' },
  { method: 'POST', path: '/me/enquiries/{enquiryId}/decline', capability: 'therapist', auth: 'therapist', operation: 'declineEnquiry', summary: 'Decline an enquiry kindly' },
  { method: 'GET', path: '/me/profile', capability: 'therapist', auth: 'therapist', operation: 'getProfile', summary: 'Your public details: contact page addresses, the crisis lines your clients see (yours or the deployment’s), websites that may embed your contact page' },
  { method: 'PUT', path: '/me/profile', capability: 'therapist', auth: 'therapist', operation: 'putProfile', summary: 'Set your own crisis lines (null for the deployment’s) and the websites that may embed your contact page' },
  { method: 'GET', path: '/me/new-clients', capability: 'therapist', auth: 'therapist', operation: 'getNewClients', summary: 'Whether you take new clients: open, waiting-list or closed (open until set)' },
  { method: 'PUT', path: '/me/new-clients', capability: 'therapist', auth: 'therapist', operation: 'putNewClients', summary: 'Set whether first contact is taken (open), joins your waiting list (waiting-list, expectedWaitWeeks optional) or is kindly turned away (closed); note optional. Nobody on the list is invited by a change' },
  { method: 'GET', path: '/me/waiting-list', capability: 'therapist', auth: 'therapist', operation: 'listWaitingList', summary: 'The waiting list in the order people joined, with how long each has waited and their message (status filters; default: everyone still on the list)' },
  { method: 'POST', path: '/me/waiting-list/{entryId}/offer', capability: 'therapist', auth: 'therapist', operation: 'offerPlace', summary: 'Offer a place: the person is invited to book a first consultation (note optional); if the invitation ends unused they keep their place and you are told' },
  { method: 'POST', path: '/me/waiting-list/{entryId}/remove', capability: 'therapist', auth: 'therapist', operation: 'removeFromWaitingList', summary: 'Take someone off the waiting list with a kind email (note optional)' },
  { method: 'POST', path: '/me/erasures', capability: 'therapist', auth: 'therapist', operation: 'erasePerson', summary: "Erase one person's data from your practice (email, confirm: true); 409 while they have upcoming bookings. Answers with counts only" },

  // consultations — scheduling: settings, weekly hours, overrides, invitations and their free slots
  { method: 'GET', path: '/me/settings', capability: 'consultations', auth: 'therapist', operation: 'getSettings', summary: 'Booking settings (the defaults until first saved)' },
  { method: 'PUT', path: '/me/settings', capability: 'consultations', auth: 'therapist', operation: 'putSettings', summary: 'Change the booking settings sent; every setting left out keeps its saved value' },
  { method: 'GET', path: '/me/availability', capability: 'consultations', auth: 'therapist', operation: 'getAvailability', summary: 'Weekly working hours' },
  { method: 'PUT', path: '/me/availability', capability: 'consultations', auth: 'therapist', operation: 'putAvailability', summary: 'Replace the weekly working hours' },
  { method: 'GET', path: '/me/availability/overrides', capability: 'consultations', auth: 'therapist', operation: 'listOverrides', summary: 'Date overrides from today on' },
  { method: 'POST', path: '/me/availability/overrides', capability: 'consultations', auth: 'therapist', operation: 'putOverride', summary: 'Close or change one date ([] closes it)' },
  { method: 'DELETE', path: '/me/availability/overrides/{date}', capability: 'consultations', auth: 'therapist', operation: 'deleteOverride', summary: 'Remove a date override' },
  { method: 'GET', path: '/invitations/{token}', capability: 'consultations', auth: 'public', operation: 'getInvitation', summary: 'What an invitation to book is for' },
  { method: 'GET', path: '/invitations/{token}/slots', capability: 'consultations', auth: 'public', operation: 'listInvitationSlots', summary: "An invitation's free times, in the visitor's zone" },

  // consultations — bookings: book, confirm, decline, cancel, reschedule, outcome, manage links
  { method: 'POST', path: '/invitations/{token}/bookings', capability: 'consultations', auth: 'public', operation: 'bookSlot', summary: 'Book one of the invitation\'s free times: a request, or confirmed where the therapist auto-confirms' },
  { method: 'GET', path: '/bookings/manage/{token}', capability: 'consultations', auth: 'public', operation: 'viewManagedBooking', summary: "The client's view of one booking, with what they may change" },
  { method: 'POST', path: '/bookings/manage/{token}/cancel', capability: 'consultations', auth: 'public', operation: 'cancelManagedBooking', summary: 'The client cancels (outside the notice window)' },
  { method: 'POST', path: '/bookings/manage/{token}/reschedule', capability: 'consultations', auth: 'public', operation: 'rescheduleManagedBooking', summary: 'The client moves it to another free time (outside the notice window)' },
  { method: 'GET', path: '/me/bookings', capability: 'consultations', auth: 'therapist', operation: 'listBookings', summary: 'Bookings by start time (from, to: dates or instants)' },
  { method: 'GET', path: '/me/bookings/{bookingId}', capability: 'consultations', auth: 'therapist', operation: 'getBooking', summary: 'One booking' },
  { method: 'POST', path: '/me/bookings/{bookingId}/confirm', capability: 'consultations', auth: 'therapist', operation: 'confirmBooking', summary: 'Confirm a booking request' },
  { method: 'POST', path: '/me/bookings/{bookingId}/decline', capability: 'consultations', auth: 'therapist', operation: 'declineBooking', summary: 'Decline a booking request kindly (note optional)' },
  { method: 'POST', path: '/me/bookings/{bookingId}/cancel', capability: 'consultations', auth: 'therapist', operation: 'cancelBooking', summary: 'Cancel a booking, with a note to the client' },
  { method: 'POST', path: '/me/bookings/{bookingId}/outcome', capability: 'consultations', auth: 'therapist', operation: 'recordOutcome', summary: 'After a consultation: continue (the person becomes an active client) or not proceeding' },
  { method: 'POST', path: '/me/clients/{clientId}/invite', capability: 'consultations', auth: 'therapist', operation: 'inviteClient', summary: 'Invite an active client to book a session' },
  { method: 'GET', path: '/book/{token}', capability: 'consultations', auth: 'public', operation: 'bookPage', summary: "Page: choose a day, then one of its free times, in the visitor's zone (works without JavaScript)" },
  { method: 'POST', path: '/book/{token}', capability: 'consultations', auth: 'public', operation: 'bookFromPage', summary: 'Page form: book the chosen time (form fields start, tz); answers with a page' },
  { method: 'GET', path: '/manage/{token}', capability: 'consultations', auth: 'public', operation: 'managePage', summary: 'Page: one booking; move it (first, by day then time) or cancel it (on a second step) while the policy allows' },
  { method: 'GET', path: '/manage/{token}/cancel', capability: 'consultations', auth: 'public', operation: 'confirmCancelPage', summary: 'Page: the second step of cancelling, asking once more (reason optional)' },
  { method: 'POST', path: '/manage/{token}/cancel', capability: 'consultations', auth: 'public', operation: 'cancelFromPage', summary: 'Page form: cancel the booking (reason optional); answers with a page' },
  { method: 'POST', path: '/manage/{token}/reschedule', capability: 'consultations', auth: 'public', operation: 'rescheduleFromPage', summary: 'Page form: move the booking to the chosen free time (start, tz); answers with a page' },

  // rebooking — clients and return requests: the client lifecycle, pauses, coming back after a break
  { method: 'GET', path: '/me/clients', capability: 'rebooking', auth: 'therapist', operation: 'listClients', summary: 'Clients (optionally of one status), each with their last and next booking' },
  { method: 'POST', path: '/me/clients', capability: 'rebooking', auth: 'therapist', operation: 'addClient', summary: 'Bring in an existing client, active or on a break (409 when they already are a client)' },
  { method: 'POST', path: '/me/clients/{clientId}/pause', capability: 'rebooking', auth: 'therapist', operation: 'pauseClient', summary: 'Put a client on a break: their reminders stop; bookings inside the break are listed to cancel or keep' },
  { method: 'POST', path: '/me/clients/{clientId}/end', capability: 'rebooking', auth: 'therapist', operation: 'endClient', summary: 'End work with a client: reminders stop; bookings ahead are listed to cancel or keep' },
  { method: 'POST', path: '/me/clients/{clientId}/resume', capability: 'rebooking', auth: 'therapist', operation: 'resumeClient', summary: 'A client on a break (or ended) is active again; reminders of bookings ahead come back' },
  { method: 'POST', path: '/therapists/{therapistId}/returns', capability: 'rebooking', auth: 'public', operation: 'submitReturn', summary: 'Ask to come back after a break: the same 202 whether or not the email is a known client' },
  { method: 'GET', path: '/contact/{therapistId}/return', capability: 'rebooking', auth: 'public', operation: 'returnPage', summary: 'Page: ask to come back after a break (works without JavaScript; framed only by the configured origins)' },
  { method: 'POST', path: '/contact/{therapistId}/return', capability: 'rebooking', auth: 'public', operation: 'sendFromReturnPage', summary: 'Page form: the same as POST /therapists/{therapistId}/returns; the same page, after the same time, whoever sends it' },
  { method: 'GET', path: '/me/returns', capability: 'rebooking', auth: 'therapist', operation: 'listReturns', summary: 'Return requests, newest first, with each client\'s history' },
  { method: 'GET', path: '/me/returns/{returnId}', capability: 'rebooking', auth: 'therapist', operation: 'getReturn', summary: 'One return request, including the message' },
  { method: 'POST', path: '/me/returns/{returnId}/accept', capability: 'rebooking', auth: 'therapist', operation: 'acceptReturn', summary: 'Accept: the client is invited to book a regular session directly (note optional)' },
  { method: 'POST', path: '/me/returns/{returnId}/decline', capability: 'rebooking', auth: 'therapist', operation: 'declineReturn', summary: 'Decline kindly, with signposting (note optional)' },

  // rebooking — standing times: a client's regular weekly or fortnightly session, its dates held ahead as bookings
  { method: 'POST', path: '/me/clients/{clientId}/standing-times', capability: 'rebooking', auth: 'therapist', operation: 'createStandingTime', summary: 'Set a regular time for an active client (weekday, time, every week or fortnight, from; until or count, lengthMinutes optional): its dates up to your booking horizon are held, and any that cannot be are listed as needing your choice' },
  { method: 'GET', path: '/me/clients/{clientId}/standing-times', capability: 'rebooking', auth: 'therapist', operation: 'listStandingTimes', summary: "A client's regular times, each with its coming dates and whether each is held" },
  { method: 'DELETE', path: '/me/standing-times/{standingTimeId}', capability: 'rebooking', auth: 'therapist', operation: 'endStandingTime', summary: 'End a regular time: its coming dates are released (sessions already past stay as they were)' },
  { method: 'POST', path: '/me/standing-times/{standingTimeId}/skip', capability: 'rebooking', auth: 'therapist', operation: 'skipStandingDate', summary: 'Skip one date of a regular time (date): its booking, if held, is released' },

  // rebooking — therapist breaks: closing availability, advance notice, welcome-back invitations
  { method: 'POST', path: '/me/breaks', capability: 'rebooking', auth: 'therapist', operation: 'createBreak', summary: 'Plan a break (dates inclusive, therapist\'s zone): closes the dates at once; bookings inside come back flagged' },
  { method: 'GET', path: '/me/breaks', capability: 'rebooking', auth: 'therapist', operation: 'listBreaks', summary: 'Upcoming and current breaks, with notice and welcome-back status and who has not rebooked' },
  { method: 'DELETE', path: '/me/breaks/{breakId}', capability: 'rebooking', auth: 'therapist', operation: 'deleteBreak', summary: 'Delete a break: the dates reopen; clients who had the notice get a short correction' },
  { method: 'POST', path: '/me/breaks/{breakId}/reminders', capability: 'rebooking', auth: 'therapist', operation: 'remindAfterBreak', summary: 'Send a client who has not rebooked one reminder invitation (once per client per break)' },

  // calendars — the therapist's own calendars: a private feed of their bookings, and busy times that block slots
  { method: 'GET', path: '/me/calendar-feed', capability: 'calendars', auth: 'therapist', operation: 'getCalendarFeed', summary: 'Your private calendar feed URL ({publicBaseUrl}/feeds/{token}.ics), made on first use, and what it shows of clients' },
  { method: 'PUT', path: '/me/calendar-feed', capability: 'calendars', auth: 'therapist', operation: 'putCalendarFeed', summary: 'Choose what the feed shows of each client: initials (default), first name, or nothing' },
  { method: 'POST', path: '/me/calendar-feed/rotate', capability: 'calendars', auth: 'therapist', operation: 'rotateCalendarFeed', summary: 'A new feed URL; the old one answers 404 at once' },
  { method: 'GET', path: '/feeds/{feedFile}', capability: 'calendars', auth: 'public', operation: 'calendarFeed', summary: 'The feed calendar apps subscribe to ({token}.ics): bookings from 30 days back, requests tentative, breaks all day; ETag, Last-Modified and 304' },
  { method: 'GET', path: '/me/busy-calendars', capability: 'calendars', auth: 'therapist', operation: 'getBusyCalendars', summary: 'Your own calendars whose busy times block slots, each with when it was last read and any problem' },
  { method: 'PUT', path: '/me/busy-calendars', capability: 'calendars', auth: 'therapist', operation: 'putBusyCalendars', summary: 'Replace your busy calendars ([{ label, url }], at most 5): new ones are read at once, then every 15 minutes' },
  // console — the therapist's pages in a browser: sign in, inbox, bookings, availability, breaks, clients, waiting list
  { method: 'GET', path: '/console/sign-in', capability: 'console', auth: 'session', operation: 'consoleSignIn', summary: 'Sign in: to Cognito managed login (code flow with PKCE); on the local stack, a list of the seeded therapists' },
  { method: 'POST', path: '/console/sign-in', capability: 'console', auth: 'session', operation: 'consoleLocalSignIn', summary: 'Local stack only: sign in as one seeded therapist (form field therapistId)', localOnly: true },
  { method: 'GET', path: '/console/callback', capability: 'console', auth: 'session', operation: 'consoleCallback', summary: "Cognito's redirect after sign-in: exchanges the code for tokens and starts the session" },
  { method: 'POST', path: '/console/sign-out', capability: 'console', auth: 'session', operation: 'consoleSignOut', summary: 'Sign out: ends the session (its server-side record, the cookies) and the Cognito session' },
  { method: 'POST', path: '/console/sign-out-everywhere', capability: 'console', auth: 'session', operation: 'consoleSignOutEverywhere', summary: 'Form: sign out everywhere: ends every console session of the therapist and, in AWS, every Cognito sign-in (GlobalSignOut)' },
  { method: 'GET', path: '/console/signed-out', capability: 'console', auth: 'session', operation: 'consoleSignedOut', summary: 'Page: you are signed out' },
  { method: 'GET', path: '/console', capability: 'console', auth: 'session', operation: 'consoleToday', summary: 'Page: today and tomorrow’s sessions, and everything waiting on you with how long it has waited' },
  { method: 'GET', path: '/console/inbox', capability: 'console', auth: 'session', operation: 'consoleInbox', summary: 'Page: new enquiries and return requests, newest first' },
  { method: 'GET', path: '/console/enquiries/{enquiryId}', capability: 'console', auth: 'session', operation: 'consoleEnquiry', summary: 'Page: one enquiry with its message; accept or decline with a note' },
  { method: 'POST', path: '/console/enquiries/{enquiryId}/accept', capability: 'console', auth: 'session', operation: 'consoleAcceptEnquiry', summary: 'Form: accept an enquiry (note optional)' },
  { method: 'POST', path: '/console/enquiries/{enquiryId}/decline', capability: 'console', auth: 'session', operation: 'consoleDeclineEnquiry', summary: 'Form: decline an enquiry kindly (note optional)' },
  { method: 'GET', path: '/console/returns/{returnId}', capability: 'console', auth: 'session', operation: 'consoleReturn', summary: "Page: one return request with its message and the client's history" },
  { method: 'POST', path: '/console/returns/{returnId}/accept', capability: 'console', auth: 'session', operation: 'consoleAcceptReturn', summary: 'Form: accept a return request (note optional)' },
  { method: 'POST', path: '/console/returns/{returnId}/decline', capability: 'console', auth: 'session', operation: 'consoleDeclineReturn', summary: 'Form: decline a return request kindly (note optional)' },
  { method: 'GET', path: '/console/bookings', capability: 'console', auth: 'session', operation: 'consoleBookings', summary: "Page: requests first, then the agenda by day or week in the therapist's zone" },
  { method: 'GET', path: '/console/bookings/{bookingId}', capability: 'console', auth: 'session', operation: 'consoleBooking', summary: 'Page: one booking and what can be done with it' },
  { method: 'POST', path: '/console/bookings/{bookingId}/confirm', capability: 'console', auth: 'session', operation: 'consoleConfirmBooking', summary: 'Form: confirm a booking request' },
  { method: 'POST', path: '/console/bookings/{bookingId}/decline', capability: 'console', auth: 'session', operation: 'consoleDeclineBooking', summary: 'Form: decline a booking request (note optional)' },
  { method: 'POST', path: '/console/bookings/{bookingId}/cancel', capability: 'console', auth: 'session', operation: 'consoleCancelBooking', summary: 'Form: cancel a booking with a note to the client' },
  { method: 'POST', path: '/console/bookings/{bookingId}/outcome', capability: 'console', auth: 'session', operation: 'consoleRecordOutcome', summary: 'Form: the outcome of a consultation' },
  { method: 'GET', path: '/console/availability', capability: 'console', auth: 'session', operation: 'consoleAvailability', summary: 'Page: weekly hours and date overrides' },
  { method: 'POST', path: '/console/availability/hours', capability: 'console', auth: 'session', operation: 'consoleSaveHours', summary: 'Form: replace the weekly hours' },
  { method: 'POST', path: '/console/availability/overrides', capability: 'console', auth: 'session', operation: 'consoleSaveOverride', summary: 'Form: close or change one date' },
  { method: 'POST', path: '/console/availability/overrides/{date}/delete', capability: 'console', auth: 'session', operation: 'consoleDeleteOverride', summary: 'Form: remove a date override' },
  { method: 'GET', path: '/console/settings', capability: 'console', auth: 'session', operation: 'consoleSettings', summary: 'Page: booking settings' },
  { method: 'POST', path: '/console/settings', capability: 'console', auth: 'session', operation: 'consoleSaveSettings', summary: 'Form: change the booking settings it shows; the rest stay as saved' },
  { method: 'GET', path: '/console/breaks', capability: 'console', auth: 'session', operation: 'consoleBreaks', summary: 'Page: breaks, the bookings inside them and who has not rebooked' },
  { method: 'POST', path: '/console/breaks', capability: 'console', auth: 'session', operation: 'consolePlanBreak', summary: 'Form: plan a break' },
  { method: 'POST', path: '/console/breaks/{breakId}/delete', capability: 'console', auth: 'session', operation: 'consoleDeleteBreak', summary: 'Form: delete a break' },
  { method: 'POST', path: '/console/breaks/{breakId}/reminders', capability: 'console', auth: 'session', operation: 'consoleRemindAfterBreak', summary: 'Form: send a client who has not rebooked the one reminder' },
  { method: 'GET', path: '/console/clients', capability: 'console', auth: 'session', operation: 'consoleClients', summary: 'Page: clients by status, with their last and next booking' },
  { method: 'POST', path: '/console/clients', capability: 'console', auth: 'session', operation: 'consoleAddClient', summary: 'Form: bring in an existing client' },
  { method: 'POST', path: '/console/clients/{clientId}/pause', capability: 'console', auth: 'session', operation: 'consolePauseClient', summary: 'Form: put a client on a break' },
  { method: 'POST', path: '/console/clients/{clientId}/end', capability: 'console', auth: 'session', operation: 'consoleEndClient', summary: 'Form: end work with a client' },
  { method: 'POST', path: '/console/clients/{clientId}/resume', capability: 'console', auth: 'session', operation: 'consoleResumeClient', summary: 'Form: a client on a break or ended is active again' },
  { method: 'POST', path: '/console/clients/{clientId}/invite', capability: 'console', auth: 'session', operation: 'consoleInviteClient', summary: 'Form: invite an active client to book a session' },
  { method: 'GET', path: '/console/waiting-list', capability: 'console', auth: 'session', operation: 'consoleWaitingList', summary: 'Page: the waiting list in joining order, and whether new clients are taken now' },
  { method: 'POST', path: '/console/waiting-list/new-clients', capability: 'console', auth: 'session', operation: 'consoleSaveNewClients', summary: 'Form: open, waiting list (expected wait optional) or closed, with an optional note' },
  { method: 'POST', path: '/console/waiting-list/{entryId}/offer', capability: 'console', auth: 'session', operation: 'consoleOfferPlace', summary: 'Form: offer someone on the waiting list a place (note optional)' },
  { method: 'POST', path: '/console/waiting-list/{entryId}/remove', capability: 'console', auth: 'session', operation: 'consoleRemoveFromWaitingList', summary: 'Form: take someone off the waiting list with a kind email (note optional)' },
  { method: 'GET', path: '/console/erasure', capability: 'console', auth: 'session', operation: 'consoleErasure', summary: 'Page: erase a person’s data, first step: find them by email' },
  { method: 'POST', path: '/console/erasure/find', capability: 'console', auth: 'session', operation: 'consoleFindErasure', summary: 'Page form: what erasing this person would remove and what is kept, before anything is (the email in the form, never the URL)' },
  { method: 'POST', path: '/console/erasure', capability: 'console', auth: 'session', operation: 'consoleErase', summary: 'Page form: erase, confirmed by typing the email again (as POST /me/erasures); answers with a receipt' },
  { method: 'GET', path: '/console/profile', capability: 'console', auth: 'session', operation: 'consoleProfile', summary: 'Page: your contact page addresses to copy, the crisis lines your clients see, and the websites that may embed your contact page' },
  { method: 'POST', path: '/console/profile', capability: 'console', auth: 'session', operation: 'consoleSaveProfile', summary: 'Page form: save your crisis lines and embedding websites (as PUT /me/profile)' },
  { method: 'GET', path: '/console/calendar', capability: 'console', auth: 'session', operation: 'consoleCalendar', summary: 'Page: your calendar feed (address to copy, what it shows, a new address) and your own calendars whose busy times block slots, each with its state' },
  { method: 'POST', path: '/console/calendar/feed', capability: 'console', auth: 'session', operation: 'consoleSaveFeedShows', summary: 'Page form: choose what the feed shows of each client (as PUT /me/calendar-feed)' },
  { method: 'POST', path: '/console/calendar/feed/rotate', capability: 'console', auth: 'session', operation: 'consoleRotateFeed', summary: 'Page form: a new feed address; the old one stops at once (as POST /me/calendar-feed/rotate)' },
  { method: 'POST', path: '/console/calendar/busy', capability: 'console', auth: 'session', operation: 'consoleAddBusyCalendar', summary: 'Page form: add one of your own calendars (label, url) to the busy calendars (as PUT /me/busy-calendars)' },
  { method: 'POST', path: '/console/calendar/busy/{calendarId}/remove', capability: 'console', auth: 'session', operation: 'consoleRemoveBusyCalendar', summary: 'Page form: remove one of your busy calendars (as PUT /me/busy-calendars)' },
] as const satisfies readonly Route[];

export type RouteKey = `${Route['method']} ${string}`;
export const routeKey = (r: Pick<Route, 'method' | 'path'>): string => `${r.method} ${r.path}`;
export const routesOf = (capability: Capability): readonly Route[] => routes.filter((r) => r.capability === capability);
