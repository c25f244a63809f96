/**
 * Every page a client meets on the way to and from a booking (choose a time, request sent, booked,
 * manage, cancel step, cancelled, moved) ends with the way to reach the therapist and the crisis
 * lines; the booking page says how the meeting happens and what it costs before a time is chosen,
 * and marks the times already inside the cancellation notice window.
 */
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { crisisLineText } from '#shared/email/blocks.js';
import type { ManagedBookingView } from '#shared/use-cases/bookings/manage-booking.js';
import { bookPage, chosenPage } from '#functions/consultations/pages/book-pages.js';
import {
  cancelConfirmPage,
  cancelledPage,
  managePage,
  movedPage,
} from '#functions/consultations/pages/manage-pages.js';
import type { BookPageData } from '#functions/consultations/pages/page-data.js';
import type { SlotWeek } from '#functions/consultations/pages/slot-week.js';

const week: SlotWeek = {
  timeZone: 'Europe/London',
  from: '2026-12-08',
  noticeHours: 24,
  days: [
    {
      date: '2026-12-09',
      slots: [
        { start: '2026-12-09T09:00:00+00:00', end: '2026-12-09T09:30:00+00:00', closeToStart: true },
        { start: '2026-12-09T16:00:00+00:00', end: '2026-12-09T16:30:00+00:00' },
      ],
    },
  ],
};

const book: BookPageData = {
  kind: 'consultation',
  therapistId: 'sam-0001',
  status: 'open',
  therapistName: 'Sam Rivera',
  durationMinutes: 30,
  requiresConfirmation: true,
  week,
  timeZone: 'Europe/London',
  therapistZone: 'Europe/London',
  join: { kind: 'video', link: 'https://video.example/sam' },
  fees: '£60 a session; lower fees are possible',
  crisis: ukCrisisSupport,
};

const view: ManagedBookingView = {
  bookingId: '01jbooking',
  therapist: { therapistId: 'sam-0001', displayName: 'Sam Rivera' },
  crisisSupport: ukCrisisSupport,
  kind: 'consultation',
  status: 'confirmed',
  start: '2026-12-10T10:00:00+00:00',
  end: '2026-12-10T10:30:00+00:00',
  timeZone: 'Europe/London',
  join: { kind: 'phone' },
  canCancel: true,
  canReschedule: false,
  changeableUntil: '2026-12-09T10:00:00+00:00',
};
const fromPage = { self: 'TOKEN', root: '../' } as const;
const fromForm = { self: '../TOKEN', root: '../../' } as const;

const requested = {
  ...book,
  existing: {
    status: 'requested' as const,
    start: '2026-12-09T16:00:00+00:00',
    end: '2026-12-09T16:30:00+00:00',
    answerBy: '2026-12-09T04:00:00+00:00',
  },
};

const pages: [string, string, string][] = [
  ['choose a time', bookPage(book, { token: 'TOKEN' }), '../contact/sam-0001'],
  ['request sent', chosenPage(requested), '../contact/sam-0001'],
  [
    'booked',
    chosenPage({
      ...book,
      existing: { status: 'confirmed', start: '2026-12-09T16:00:00+00:00', end: '2026-12-09T16:30:00+00:00' },
    }),
    '../contact/sam-0001',
  ],
  [
    'no longer booked',
    chosenPage({
      ...book,
      existing: { status: 'cancelled', start: '2026-12-09T16:00:00+00:00', end: '2026-12-09T16:30:00+00:00' },
    }),
    '../contact/sam-0001',
  ],
  ['manage', managePage(view, { links: fromPage, zone: 'Europe/London' }), '../contact/sam-0001'],
  ['cancel step', cancelConfirmPage(view, 'Europe/London', fromForm), '../../contact/sam-0001'],
  [
    'cancelled',
    cancelledPage({ ...view, status: 'cancelled' }, true, 'Europe/London', fromForm),
    '../../contact/sam-0001',
  ],
  ['moved', movedPage(view, 'Europe/London', fromForm), '../../contact/sam-0001'],
];

describe.each(pages)('the %s page', (_label, html, contact) => {
  it('gives a way to reach the therapist (their contact page) and the crisis lines', () => {
    expect(html).toContain(`<a href="${contact}">their contact page</a>`);
    for (const line of ukCrisisSupport.lines) expect(html).toContain(crisisLineText(line).replaceAll("'", '&#39;'));
  });
});

describe('the booking page, before a time is chosen', () => {
  it('says how the meeting happens and what it costs', () => {
    const html = bookPage(book, { token: 'TOKEN' });
    expect(html).toContain('It is a video call. The link to join is in the email that confirms your time.');
    expect(html).toContain('Fees: £60 a session; lower fees are possible');
    const phone = bookPage({ ...book, join: { kind: 'phone' } }, { token: 'TOKEN' });
    expect(phone).toContain('It is a phone call. Sam Rivera will call you at the time you choose');
    const inPerson = bookPage(
      { ...book, join: { kind: 'in-person', address: '12 Mill Lane, Bristol BS1 4AA' } },
      { token: 'TOKEN' },
    );
    expect(inPerson).toContain('It is in person, at 12 Mill Lane, Bristol BS1 4AA.');
    const { fees: _fees, ...noFees } = book;
    expect(bookPage(noFees, { token: 'TOKEN' })).not.toContain('Fees:');
  });

  it('marks a time already inside the cancellation notice window, on the time itself', () => {
    const html = bookPage(book, { token: 'TOKEN', day: '2026-12-09' });
    const [close, far] = html.split('<label class="slot').slice(1);
    expect(close).toContain('Too close to change online');
    expect(close).toContain('aria-describedby="close-note"');
    expect(far).not.toContain('Too close');
    expect(html).toContain('start in less than 24 hours. If you choose one, you could not cancel or move it here');
  });

  it('says by when a request will be answered, with the time and zone', () => {
    expect(chosenPage(requested)).toContain('Sam Rivera will reply by Wednesday 9 December, 04:00 (London time).');
  });

  it('after a cancellation, offers another time while the invitation is open', () => {
    const html = cancelledPage(
      {
        ...view,
        status: 'cancelled',
        rebook: { bookingUrl: 'https://api.threshold.test/book/NEWTOKEN', invitationExpiresAt: '2026-12-20T12:00:00Z' },
      },
      true,
      'Europe/London',
      fromForm,
    );
    expect(html).toContain('<a href="../../book/NEWTOKEN">choose another time</a>');
    expect(html).toContain('Sunday 20 December, 12:00 (London time)');
  });
});
