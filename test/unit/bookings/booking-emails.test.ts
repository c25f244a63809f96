import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { calendarText } from '#shared/email/ics.js';
import { defaultPracticeSettings } from '#shared/domain/practice-settings.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { testSettings } from '#test/support/environment.js';
import {
  calendarEvent,
  cancelledEmails,
  declinedEmail,
  reminderEmail,
  type BookingContext,
} from '#shared/use-cases/bookings/booking-emails.js';
import { reminderWrites } from '#shared/use-cases/bookings/booking-timers.js';
import { createDocumentClient, openStore } from '#shared/store/index.js';

/** Item builders only: nothing here reaches a table. */
const store = openStore({ db: createDocumentClient({ region: 'eu-west-2' }), tableName: 'table' });

const ctx: BookingContext = {
  therapist: {
    therapistId: 't1',
    displayName: 'Sam Rivera',
    shortName: 'Sam',
    email: 'sam@therapist.test',
    timeZone: 'Europe/London',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  therapistZone: 'Europe/London',
  practice: defaultPracticeSettings,
  settings: testSettings(),
  now: new Date('2026-03-02T09:00:00Z'),
};

const booking: StoredBooking = {
  bookingId: '01jbooking',
  therapistId: 't1',
  kind: 'consultation',
  status: 'cancelled',
  cancelledBy: 'client',
  clientReason: 'Private words about why',
  invitationId: 'i1',
  client: { name: 'Alex Morgan', email: 'alex@client.test' },
  start: '2026-03-04T10:00:00.000Z',
  end: '2026-03-04T10:30:00.000Z',
  occupiedStart: 0,
  occupiedEnd: 1,
  clientTimeZone: 'America/New_York',
  sequence: 1,
  requestedAt: '2026-03-02T09:00:00.000Z',
  version: 3,
  mode: { kind: 'in-person', address: '1 High Street, Leeds' },
  reminderOffsetsMinutes: [1440, 60],
  updatedAt: '2026-03-02T09:00:00.000Z',
};

describe('booking emails', () => {
  it('the calendar event: stable UID, the booking sequence, the reader zone, a neutral summary, the sender as organizer', () => {
    const forClient = calendarEvent(ctx, booking, 'client', 'CANCEL');
    expect(forClient).toMatchObject({
      uid: '01jbooking@threshold',
      sequence: 1,
      method: 'CANCEL',
      status: 'CANCELLED',
      timeZone: 'America/New_York',
      summary: 'Appointment with Sam Rivera',
      location: '1 High Street, Leeds',
    });
    expect(forClient.organizer).toEqual({ name: 'Sam Rivera', email: 'hello@threshold.test' });
    expect(JSON.stringify(forClient)).not.toContain('sam@therapist.test');
    expect(calendarEvent(ctx, booking, 'therapist', 'REQUEST')).toMatchObject({
      timeZone: 'Europe/London',
      summary: 'Appointment with Alex Morgan',
    });
  });

  it('a cancelled video call says it is cancelled, not that its link will follow', () => {
    const video = { ...booking, mode: { kind: 'video' as const } };
    expect(calendarEvent(ctx, { ...video, status: 'confirmed' }, 'client', 'REQUEST').description).toContain(
      'The link will follow by email',
    );
    for (const reader of ['client', 'therapist'] as const) {
      const cancelled = calendarEvent(ctx, video, reader, 'CANCEL');
      expect(cancelled.description).not.toMatch(/will follow|Join here/);
      expect(cancelled.description).toMatch(/^Cancelled\. /);
    }
  });

  it('an independent calendar reader sees the therapist as the organizer, at the sender address (never their own)', () => {
    const ics = calendarText(calendarEvent(ctx, { ...booking, status: 'confirmed' }, 'client', 'REQUEST'), ctx.now);
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    const organizer = event.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Sam Rivera');
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe('mailto:hello@threshold.test');
    expect(ics).not.toContain('sam@therapist.test');
  });

  it('a decline offers another time while the invitation is open, else the contact page', () => {
    const open = declinedEmail(ctx, booking, {
      bookingUrl: 'https://api.threshold.test/book/x',
      invitationExpiresAt: '2026-03-20T00:00:00.000Z',
    });
    expect(open.data).toMatchObject({ bookingUrl: 'https://api.threshold.test/book/x' });
    expect(open.data).not.toHaveProperty('contactUrl');
    const closed = declinedEmail(ctx, booking, undefined);
    expect(closed.data).toMatchObject({ contactUrl: `${testSettings().publicBaseUrl.replace(/\/$/, '')}/contact/t1` });
    expect(closed.data).not.toHaveProperty('bookingUrl');
  });

  it("a client's cancellation tells the therapist a reason exists, never the reason itself", () => {
    const [toClient, toTherapist] = cancelledEmails(ctx, booking, false, undefined);
    expect(toClient!.to.email).toBe('alex@client.test');
    expect(toTherapist!.to.email).toBe('sam@therapist.test');
    expect(toTherapist!.data).toMatchObject({ hasReason: true });
    expect(JSON.stringify([toClient, toTherapist])).not.toContain('Private words');
  });

  it('the reminder carries first names, the time with its zone, how to join, the manage link and the notice a change needs, only', () => {
    const m = reminderEmail(ctx, { ...booking, status: 'confirmed' }, 'https://api.threshold.test/manage/abc');
    expect(m.data).toEqual({
      // The reminder usually goes inside the cancellation window: it words the policy for what is true then.
      cancellationNoticeHours: 24,
      clientFirstName: 'Alex',
      therapistFirstName: 'Sam',
      therapistName: 'Sam Rivera',
      appointment: {
        kind: 'consultation',
        start: booking.start,
        end: booking.end,
        durationMinutes: 30,
        timeZone: 'America/New_York',
        join: booking.mode,
      },
      manageUrl: 'https://api.threshold.test/manage/abc',
    });
  });
});

describe('reminder timers', () => {
  it('at confirmation only the reminders still ahead are made; on a move, the passed ones are deleted', () => {
    const now = new Date('2026-03-03T12:00:00Z'); // 22 hours before: the 24-hour reminder has passed
    const fresh = reminderWrites(store, 4, booking, now, 'none');
    expect(fresh.map((w) => Object.keys(w)[0])).toEqual(['Put']);
    expect((fresh[0]!.Put!.Item as { dueAt: string }).dueAt).toBe('2026-03-04T09:00:00.000Z');
    expect(reminderWrites(store, 4, booking, now, 'maybe').map((w) => Object.keys(w)[0])).toEqual(['Delete', 'Put']);
  });
});
