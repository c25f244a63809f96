/** Sample data for the booking templates, with the variants each renders differently. */
import type { AppointmentDetails, CalendarEvent } from '#shared/email/messages.js';
import type { TemplateName } from '#shared/email/messages.js';
import type { DataOf } from '#shared/email/template.js';
import { bookingPageUrl } from '#shared/use-cases/console-links.js';
import type { Sample } from './sample.js';

const sample = <N extends TemplateName>(label: string, template: N, data: DataOf<N>): Sample =>
  ({ label, template, data }) as Sample;

const names = { clientName: 'Alex Morgan', therapistName: 'Sam Rivera' };
const video = 'https://video.example/sam-rivera';
export const bookingLinks = {
  manageUrl: 'https://api.threshold.test/manage/manage-token-dddddddddddddddddddddddddddddd',
  bookingUrl: 'https://api.threshold.test/book/booking-token-cccccccccccccccccccccccccccccc',
  confirmUrl: 'https://api.threshold.test/actions/confirm-token-eeeeeeeeeeeeeeeeeeeeeeeeeeeee',
  declineUrl: 'https://api.threshold.test/actions/decline-token-fffffffffffffffffffffffffffff',
  bookingsUrl: bookingPageUrl({ publicBaseUrl: 'https://api.threshold.test' }, '01jbookingaaaaaaaaaaaaaaaaa'),
};
const note = 'I am sorry to change our plans.\nI hope we can find another time.';

/** Tuesday 4 March 2025, 10:00 in London (GMT); 05:00 in New York. */
export const appointment = (
  timeZone = 'Europe/London',
  join: AppointmentDetails['join'] = { kind: 'video', link: video },
): AppointmentDetails => ({
  kind: 'consultation',
  start: '2025-03-04T10:00:00Z',
  end: '2025-03-04T10:50:00Z',
  durationMinutes: 50,
  timeZone,
  join,
});

export const calendarEvent = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  method: 'REQUEST',
  status: 'CONFIRMED',
  uid: '01jbookingaaaaaaaaaaaaaaaaa@threshold',
  sequence: 0,
  start: '2025-03-04T10:00:00Z',
  end: '2025-03-04T10:50:00Z',
  timeZone: 'Europe/London',
  summary: 'Appointment with Sam Rivera',
  location: video,
  description: `Video call with Sam Rivera. Join here: ${video}`,
  organizer: { name: 'Sam Rivera', email: 'hello@threshold.test' },
  attendees: [{ name: 'Alex Morgan', email: 'alex@client.test' }],
  ...overrides,
});
/** 19.5 hours after the samples are written (2025-02-25 09:30): inside a 24-hour notice window from the start. */
const soon = { start: '2025-02-26T05:00:00Z', end: '2025-02-26T05:50:00Z' };
const cancel = calendarEvent({ method: 'CANCEL', status: 'CANCELLED', sequence: 1 });
const moved = { start: '2025-03-03T14:00:00Z', end: '2025-03-03T14:50:00Z' };

const request = {
  ...names,
  appointment: appointment(),
  clientTimeZone: 'America/New_York',
  requestedAt: '2025-02-25T09:30:00Z',
  expiresAt: '2025-02-27T09:30:00Z',
  confirmUrl: bookingLinks.confirmUrl,
  declineUrl: bookingLinks.declineUrl,
  bookingsUrl: bookingLinks.bookingsUrl,
};

export const bookingSamples: Sample[] = [
  sample('booking-requested (video link)', 'booking-requested', {
    ...names,
    appointment: appointment(),
    answerBy: '2025-02-27T09:30:00Z',
    manageUrl: bookingLinks.manageUrl,
  }),
  sample('booking-requested (phone, New York)', 'booking-requested', {
    ...names,
    appointment: appointment('America/New_York', { kind: 'phone' }),
    answerBy: '2025-02-27T09:30:00Z',
    manageUrl: bookingLinks.manageUrl,
  }),
  sample('booking-request (client in another zone)', 'booking-request', request),
  sample('booking-request (same zone, in person)', 'booking-request', {
    ...request,
    clientTimeZone: 'Europe/London',
    appointment: appointment('Europe/London', { kind: 'in-person', address: '12 Mill Lane, Bristol BS1 4AA' }),
  }),
  sample('booking-request (phone, with the number to call)', 'booking-request', {
    ...request,
    appointment: appointment('Europe/London', { kind: 'phone', number: '+44 7700 900123' }),
  }),
  sample('booking-request-nudge', 'booking-request-nudge', request),
  sample('booking-confirmed (video link)', 'booking-confirmed', {
    ...names,
    appointment: appointment(),
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 24,
    ics: calendarEvent(),
  }),
  sample('booking-confirmed (chosen inside the notice window)', 'booking-confirmed', {
    ...names,
    appointment: { ...appointment(), ...soon },
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 24,
    ics: calendarEvent(soon),
  }),
  sample('booking-requested (inside the notice window)', 'booking-requested', {
    ...names,
    appointment: { ...appointment(), ...soon },
    answerBy: '2025-02-25T19:15:00Z',
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 24,
  }),
  sample('booking-confirmed (video link to follow, no notice window)', 'booking-confirmed', {
    ...names,
    appointment: appointment('Europe/London', { kind: 'video' }),
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 0,
    ics: calendarEvent({ location: 'Video call' }),
  }),
  sample('booking-confirmed-therapist (confirmed by them)', 'booking-confirmed-therapist', {
    ...names,
    appointment: appointment(),
    clientTimeZone: 'America/New_York',
    autoConfirmed: false,
    bookingsUrl: bookingLinks.bookingsUrl,
    ics: calendarEvent({ summary: 'Appointment with Alex Morgan' }),
  }),
  sample('booking-confirmed-therapist (auto-confirmed, no link set)', 'booking-confirmed-therapist', {
    ...names,
    appointment: appointment('Europe/London', { kind: 'video' }),
    clientTimeZone: 'Europe/London',
    autoConfirmed: true,
    bookingsUrl: bookingLinks.bookingsUrl,
    ics: calendarEvent({ summary: 'Appointment with Alex Morgan' }),
  }),
  sample('booking-declined (note, another time)', 'booking-declined', {
    ...names,
    appointment: appointment(),
    note,
    bookingUrl: bookingLinks.bookingUrl,
    invitationExpiresAt: '2025-03-18T12:00:00Z',
  }),
  sample('booking-declined (invitation closed)', 'booking-declined', {
    ...names,
    appointment: appointment(),
    contactUrl: 'https://api.threshold.test/contact/demo-therapist',
  }),
  sample('booking-declined (no link)', 'booking-declined', { ...names, appointment: appointment() }),
  sample('booking-expired (another time)', 'booking-expired', {
    ...names,
    appointment: appointment(),
    bookingUrl: bookingLinks.bookingUrl,
    invitationExpiresAt: '2025-03-18T12:00:00Z',
  }),
  sample('booking-expired (no link)', 'booking-expired', { ...names, appointment: appointment() }),
  sample('booking-cancelled (by the client, confirmed)', 'booking-cancelled', {
    ...names,
    appointment: appointment(),
    cancelledBy: 'client',
    wasRequest: false,
    ics: cancel,
  }),
  sample('booking-cancelled (by the client, confirmed, invitation open again)', 'booking-cancelled', {
    ...names,
    appointment: appointment(),
    cancelledBy: 'client',
    wasRequest: false,
    bookingUrl: bookingLinks.bookingUrl,
    invitationExpiresAt: '2025-03-18T12:00:00Z',
    ics: cancel,
  }),
  sample('booking-cancelled (by the client, a request)', 'booking-cancelled', {
    ...names,
    appointment: appointment(),
    cancelledBy: 'client',
    wasRequest: true,
    bookingUrl: bookingLinks.bookingUrl,
  }),
  sample('booking-cancelled (by the therapist, note)', 'booking-cancelled', {
    ...names,
    appointment: appointment(),
    cancelledBy: 'therapist',
    note,
    wasRequest: false,
    ics: cancel,
  }),
  sample('booking-cancelled-therapist (by the client, with a reason)', 'booking-cancelled-therapist', {
    ...names,
    appointment: appointment(),
    cancelledBy: 'client',
    hasReason: true,
    wasRequest: false,
    bookingsUrl: bookingLinks.bookingsUrl,
    ics: { ...cancel, summary: 'Appointment with Alex Morgan' },
  }),
  sample('booking-cancelled-therapist (by them, a request)', 'booking-cancelled-therapist', {
    ...names,
    appointment: appointment(),
    cancelledBy: 'therapist',
    hasReason: false,
    wasRequest: true,
    bookingsUrl: bookingLinks.bookingsUrl,
  }),
  sample('booking-moved (confirmed)', 'booking-moved', {
    ...names,
    appointment: appointment(),
    previous: moved,
    status: 'confirmed',
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 24,
    ics: calendarEvent({ sequence: 1 }),
  }),
  sample('booking-moved (still a request)', 'booking-moved', {
    ...names,
    appointment: appointment(),
    previous: moved,
    status: 'requested',
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 24,
  }),
  sample('booking-moved-therapist (confirmed)', 'booking-moved-therapist', {
    ...names,
    appointment: appointment(),
    previous: moved,
    clientTimeZone: 'America/New_York',
    status: 'confirmed',
    bookingsUrl: bookingLinks.bookingsUrl,
    ics: calendarEvent({ sequence: 1, summary: 'Appointment with Alex Morgan' }),
  }),
  sample('booking-moved-therapist (still a request)', 'booking-moved-therapist', {
    ...names,
    appointment: appointment(),
    previous: moved,
    clientTimeZone: 'Europe/London',
    status: 'requested',
    bookingsUrl: bookingLinks.bookingsUrl,
  }),
  sample('booking-reminder (video)', 'booking-reminder', {
    clientFirstName: 'Alex',
    therapistFirstName: 'Sam',
    therapistName: 'Sam Rivera',
    appointment: appointment(),
    manageUrl: bookingLinks.manageUrl,
  }),
  sample('booking-reminder (a day before, inside the notice window)', 'booking-reminder', {
    clientFirstName: 'Alex',
    therapistFirstName: 'Sam',
    therapistName: 'Sam Rivera',
    appointment: { ...appointment(), ...soon },
    manageUrl: bookingLinks.manageUrl,
    cancellationNoticeHours: 24,
  }),
  sample('booking-reminder (in person)', 'booking-reminder', {
    clientFirstName: 'Alex',
    therapistFirstName: 'Sam',
    therapistName: 'Sam Rivera',
    appointment: {
      ...appointment('Europe/London', { kind: 'in-person', address: '12 Mill Lane, Bristol BS1 4AA' }),
      kind: 'session',
    },
    manageUrl: bookingLinks.manageUrl,
  }),
  sample('consultation-not-proceeding (note)', 'consultation-not-proceeding', {
    ...names,
    note: 'Thank you for talking with me.\nI wish you well.',
  }),
  sample('consultation-not-proceeding', 'consultation-not-proceeding', names),
  sample('session-invitation', 'session-invitation', {
    ...names,
    bookingUrl: bookingLinks.bookingUrl,
    invitationExpiresAt: '2025-03-18T12:00:00Z',
    durationMinutes: 50,
    timeZone: 'Europe/London',
  }),
];
