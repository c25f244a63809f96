/**
 * Booking emails as the use cases write them, for measuring and rendering their outbox items: one
 * practice with names and links of ordinary length, one with long ones (a double-barrelled name, a
 * university address, a Zoom link with its passcode, the API's default domain), in every way an
 * appointment can happen.
 */
import { defaultPracticeSettings, type AppointmentMode } from '#shared/domain/practice-settings.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import * as emails from '#shared/use-cases/bookings/booking-emails.js';
import { testSettings } from '#test/support/environment.js';

export type Lengths = 'ordinary' | 'long';

const token = 'Zx8'.repeat(14) + 'q'; // 43 characters, as issueToken makes them
const now = new Date('2026-03-02T09:00:00Z');

const people = {
  ordinary: {
    therapist: { displayName: 'Sam Rivera', shortName: 'Sam', email: 'sam.rivera@practice.example' },
    client: { name: 'Alex Morgan', email: 'alex.morgan@example.com' },
    clientTimeZone: 'Europe/London',
    settings: { senderEmail: 'hello@threshold.example', publicBaseUrl: 'https://api.threshold.example' },
    video: 'https://meet.example/sam-rivera',
    address: '12 Park Row, Leeds LS1 5HD',
  },
  long: {
    therapist: {
      displayName: 'Dr Alexandra Montgomery-Fitzgerald',
      shortName: 'Alexandra',
      email: 'alexandra.montgomery-fitzgerald@counselling-practice.example.co.uk',
    },
    client: {
      name: 'Maria-Magdalena Konstantinopoulou',
      email: 'maria-magdalena.konstantinopoulou@university-hospital.example.org',
    },
    clientTimeZone: 'America/Argentina/Buenos_Aires',
    settings: {
      senderEmail: 'appointments@mail.counselling-practice.example.co.uk',
      publicBaseUrl: 'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
    },
    video: 'https://us06web.zoom.us/j/81234567890?pwd=aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456.1',
    address: 'Flat 3, The Old Rectory, 27 Chesterton Road, Cambridge CB4 3AX',
  },
};

export type Mode = 'video' | 'video, no link yet' | 'phone' | 'in person';
export const modes: Mode[] = ['video', 'video, no link yet', 'phone', 'in person'];

function modeOf(mode: Mode, lengths: Lengths): AppointmentMode {
  if (mode === 'video') return { kind: 'video', link: people[lengths].video };
  if (mode === 'video, no link yet') return { kind: 'video' };
  if (mode === 'phone') return { kind: 'phone' };
  return { kind: 'in-person', address: people[lengths].address };
}

export function practice(lengths: Lengths, mode: Mode): { ctx: emails.BookingContext; booking: StoredBooking } {
  const p = people[lengths];
  const ctx: emails.BookingContext = {
    therapist: {
      therapistId: '3f6c2a0e-7b1d-4c9a-9e2f-5d8b1c0a7e64',
      ...p.therapist,
      timeZone: 'Europe/London',
      createdAt: '2025-01-01T00:00:00.000Z',
    },
    therapistZone: 'Europe/London',
    practice: defaultPracticeSettings,
    settings: testSettings(p.settings),
    now,
  };
  const booking: StoredBooking = {
    bookingId: '01jnq3v6k8z2x4c9m1p7r5t3w0',
    therapistId: ctx.therapist.therapistId,
    kind: 'consultation',
    status: 'confirmed',
    invitationId: '01jnq3v6k8z2x4c9m1p7r5t3w1',
    client: p.client,
    start: '2026-03-04T10:00:00.000Z',
    end: '2026-03-04T10:50:00.000Z',
    occupiedStart: 0,
    occupiedEnd: 1,
    clientTimeZone: p.clientTimeZone,
    sequence: 0,
    requestedAt: '2026-03-01T09:00:00.000Z',
    version: 1,
    mode: modeOf(mode, lengths),
    reminderOffsetsMinutes: [1440],
    updatedAt: '2026-03-01T09:00:00.000Z',
  };
  return { ctx, booking };
}

/** Every booking email, labelled, in each state that writes one. */
export function bookingEmails(lengths: Lengths, mode: Mode): { label: string; message: OutboxMessage }[] {
  const { ctx, booking } = practice(lengths, mode);
  const base = ctx.settings.publicBaseUrl;
  const manageUrl = `${base}/manage/${token}`;
  const links = { confirmUrl: `${base}/actions/${token}`, declineUrl: `${base}/actions/${token}` };
  const rebook = { bookingUrl: `${base}/book/${token}`, invitationExpiresAt: '2026-03-16T09:00:00.000Z' };
  const later = { ...booking, sequence: 1, start: '2026-03-05T15:00:00.000Z', end: '2026-03-05T15:50:00.000Z' };
  const earlier = { start: booking.start, end: booking.end };
  const requested = { ...booking, status: 'requested' as const };
  const answerBy = new Date('2026-03-03T09:00:00Z');
  const all: [string, OutboxMessage[]][] = [
    ['requested', [emails.requestedEmail(ctx, requested, answerBy, manageUrl)]],
    [
      'request',
      [
        emails.requestEmail(ctx, requested, links, answerBy),
        emails.requestEmail(ctx, requested, links, answerBy, 'booking-request-nudge'),
      ],
    ],
    ['confirmed', emails.confirmedEmails(ctx, booking, manageUrl, false)],
    ['declined', [emails.declinedEmail(ctx, requested, rebook)]],
    ['expired', [emails.expiredEmail(ctx, requested, rebook)]],
    [
      'cancelled, confirmed',
      emails.cancelledEmails(
        ctx,
        { ...booking, status: 'cancelled', cancelledBy: 'therapist', sequence: 1 },
        false,
        rebook,
      ),
    ],
    [
      'cancelled, a request',
      emails.cancelledEmails(ctx, { ...requested, status: 'cancelled', cancelledBy: 'client' }, true, rebook),
    ],
    ['moved, confirmed', emails.movedEmails(ctx, later, earlier, manageUrl)],
    ['moved, a request', emails.movedEmails(ctx, { ...later, status: 'requested' }, earlier, manageUrl)],
    ['reminder', [emails.reminderEmail(ctx, booking, manageUrl)]],
    ['not proceeding', [emails.notProceedingEmail(ctx, booking, undefined)]],
  ];
  return all.flatMap(([label, messages]) =>
    messages.map((message) => ({ label: `${message.template} (${label}; ${lengths}, ${mode})`, message })),
  );
}
