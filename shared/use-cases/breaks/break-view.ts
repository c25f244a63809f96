/** The therapist's view of one break: its dates, where its notice and welcome back stand, and the bookings inside it. */
import { DateTime } from 'luxon';
import { breakDatesInWords, breakStatus } from '#shared/domain/therapist-break.js';
import type { StoredBreak } from '#shared/store/breaks.js';
import type { BookingInsideBreak } from './break-bookings.js';

export interface BreakView {
  breakId: string;
  start: string;
  end: string;
  message?: string;
  /** The dates as clients read them. */
  when: string;
  status: 'upcoming' | 'current' | 'ended';
  timeZone: string;
  notice: { dueAt: string; sentAt?: string; clients: number };
  welcomeBack: {
    dueAt: string;
    sentAt?: string;
    invited: number;
    reminded: number;
    /** Until then the first two weeks after the break are offered to returning clients only. */
    earlyWindowEndsAt: string;
    /** Once the welcome back has gone out: active clients with no booking after the break yet. */
    notRebooked?: { clientId: string; name: string; reminded: boolean }[];
  };
  /** Requested or confirmed bookings inside the break: cancel each with a note (POST /me/bookings/{id}/cancel) or keep it. */
  bookingsInside: BookingInsideBreak[];
}

const inZone = (iso: string, zone: string): string =>
  DateTime.fromISO(iso, { zone }).toISO({ suppressMilliseconds: true }) ?? iso;

export function breakView(
  b: StoredBreak,
  now: Date,
  inside: BookingInsideBreak[],
  notRebooked?: { clientId: string; name: string }[],
): BreakView {
  const zone = b.timeZone;
  return {
    breakId: b.breakId,
    start: b.start,
    end: b.end,
    ...(b.message ? { message: b.message } : {}),
    when: breakDatesInWords(b, now),
    status: breakStatus(b, zone, now),
    timeZone: zone,
    notice: {
      dueAt: inZone(b.noticeAt, zone),
      ...(b.noticeSentAt ? { sentAt: inZone(b.noticeSentAt, zone) } : {}),
      clients: b.noticedClients.length,
    },
    welcomeBack: {
      dueAt: inZone(b.welcomeBackAt, zone),
      ...(b.welcomeBackSentAt ? { sentAt: inZone(b.welcomeBackSentAt, zone) } : {}),
      invited: b.invitedClients.length,
      reminded: b.remindedClients.length,
      earlyWindowEndsAt: inZone(b.earlyWindowEndsAt, zone),
      ...(notRebooked
        ? { notRebooked: notRebooked.map((c) => ({ ...c, reminded: b.remindedClients.includes(c.clientId) })) }
        : {}),
    },
    bookingsInside: inside,
  };
}
