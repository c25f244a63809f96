/**
 * Today, the console's home: the sessions of today and tomorrow in the therapist's zone, and
 * everything that waits on the therapist with how long it has waited, each linking to where it is
 * acted on. Nothing that waits on the therapist is only in an email. The same reads as the inbox,
 * the agenda, the waiting list and the calendars page, made at once.
 */
import { DateTime } from 'luxon';
import type { AppointmentMode } from '#shared/domain/practice-settings.js';
import { html, type SafeHtml } from '#shared/http/html.js';
import { listTherapistBookings, type TherapistBookingView } from '#shared/use-cases/bookings/list-bookings.js';
import { readBusyCalendars } from '#shared/use-cases/calendars/busy-calendars.js';
import { listInbox } from '#shared/use-cases/enquiries/read-enquiries.js';
import { listReturns } from '#shared/use-cases/returns/list-returns.js';
import { listWaitingList } from '#shared/use-cases/waiting-list/list-waiting.js';
import { BOUNCED_REASON, listUndeliveredEmails } from '#shared/use-cases/emails/undelivered-emails.js';
import { consolePage, showPage } from '../console-page.js';
import { appointmentWord, timeRange, when, zoneLabel } from '../words.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An offered place shows here once its invitation has this long left to run. */
const offerLapsesSoonMs = 3 * DAY_MS;

const howWeMeet = (mode: AppointmentMode): string =>
  mode.kind === 'video' ? 'video call' : mode.kind === 'phone' ? 'phone call' : 'in person';

/** One thing waiting on the therapist: what, since when, and where it is acted on. */
export interface Waiting {
  kind: 'enquiry' | 'booking-request' | 'return' | 'offer-lapsing' | 'calendar-failing' | 'email-undelivered';
  label: string;
  href: string;
  /** What the age is counted from. */
  since: string;
  detail?: string;
}

function session(b: TherapistBookingView, zone: string): SafeHtml {
  return html`<li><strong>${timeRange(b.start, b.end, zone)}</strong> <a href="/console/bookings/${b.bookingId}">${b.client.name}</a>
<span class="muted">${appointmentWord(b.kind)}, ${howWeMeet(b.mode)}</span>${b.status === 'requested' ? html` <span class="tag attention">Not confirmed yet</span>` : html``}</li>`;
}

function dayList(title: string, id: string, items: TherapistBookingView[], zone: string): SafeHtml {
  return html`<h2 id="${id}">${title}</h2>
${items.length ? html`<ul class="items" aria-labelledby="${id}">${items.map((b) => session(b, zone))}</ul>` : html`<p class="muted">No sessions.</p>`}`;
}

export async function waitingOnTherapist(req: {
  runtime: Parameters<typeof listInbox>[0];
  therapistId: string;
  now: Date;
  zone: string;
}): Promise<Waiting[]> {
  const { runtime, therapistId, now, zone } = req;
  const [enquiries, returns, bookings, waiting, calendars, undelivered] = await Promise.all([
    listInbox(runtime, therapistId, { status: 'received', limit: 100 }, now),
    listReturns(runtime, therapistId, now, 'pending'),
    // Every request still open, however far ahead it asks (the agenda's widest window).
    listTherapistBookings(
      runtime,
      therapistId,
      {
        from: DateTime.fromMillis(now.getTime(), { zone }).minus({ days: 1 }).toISODate()!,
        to: DateTime.fromMillis(now.getTime(), { zone }).plus({ days: 364 }).toISODate()!,
      },
      now,
    ),
    listWaitingList(runtime, therapistId, now),
    readBusyCalendars(runtime, therapistId),
    listUndeliveredEmails(runtime, therapistId, now),
  ]);
  const items: Waiting[] = [
    ...enquiries.items.map(
      (e): Waiting => ({
        kind: 'enquiry',
        label: `New enquiry from ${e.name}`,
        href: `/console/enquiries/${e.enquiryId}`,
        since: e.receivedAt,
      }),
    ),
    ...bookings.items
      .filter((b) => b.status === 'requested' && Date.parse(b.end) > now.getTime())
      .map(
        (b): Waiting => ({
          kind: 'booking-request',
          label: `${b.client.name} asked for ${when(b.start, zone)}`,
          href: `/console/bookings/${b.bookingId}`,
          since: b.requestedAt,
          detail: 'Confirm or decline it.',
        }),
      ),
    ...returns.items.map(
      (r): Waiting => ({
        kind: 'return',
        label: `${r.name} would like to come back`,
        href: `/console/returns/${r.returnId}`,
        since: r.receivedAt,
      }),
    ),
    ...waiting
      .filter(
        (w) =>
          w.offer &&
          Date.parse(w.offer.expiresAt) > now.getTime() &&
          Date.parse(w.offer.expiresAt) - now.getTime() <= offerLapsesSoonMs,
      )
      .map(
        (w): Waiting => ({
          kind: 'offer-lapsing',
          label: `The place you offered ${w.name} ends ${when(w.offer!.expiresAt, zone)}`,
          href: '/console/waiting-list',
          since: w.offer!.offeredAt,
          detail: 'They have not booked yet. If it ends unused they keep their place.',
        }),
      ),
    ...calendars
      .filter((c) => c.status === 'failing')
      .map(
        (c): Waiting => ({
          kind: 'calendar-failing',
          label: `Your calendar “${c.label}” could not be read`,
          href: '/console/calendar',
          since: c.lastSyncedAt ?? c.lastAttemptAt ?? c.nextSyncAt,
          detail: c.problem?.message,
        }),
      ),
    ...undelivered
      .filter((u) => u.recipient === 'client')
      .map(
        (u): Waiting => ({
          kind: 'email-undelivered',
          label:
            u.reason === BOUNCED_REASON
              ? `An email did not arrive: ${u.what} to ${u.clientName ?? 'a client'} came back`
              : `An email could not be sent: ${u.what} to ${u.clientName ?? 'a client'}`,
          href: '/console/inbox#undelivered',
          since: u.failedAt,
          detail: 'Please reach them another way if it mattered.',
        }),
      ),
  ];
  return items.sort((a, b) => a.since.localeCompare(b.since));
}

/** "less than an hour", "5 hours", "3 days": how long something has waited. */
export function waitedFor(since: string, now: Date): string {
  const hours = Math.floor((now.getTime() - Date.parse(since)) / (60 * 60 * 1000));
  if (hours < 1) return 'less than an hour';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.floor(hours / 24)} days`;
}

function waitingItem(w: Waiting, now: Date): SafeHtml {
  return html`<li><a href="${w.href}">${w.label}</a>
<p class="muted small">Waiting ${waitedFor(w.since, now)}.${w.detail ? ` ${w.detail}` : ''}</p></li>`;
}

export const todayPages = {
  consoleToday: consolePage({
    async run({ therapist, now, runtime }) {
      const zone = therapist.timeZone;
      const today = DateTime.fromMillis(now.getTime(), { zone }).startOf('day');
      const tomorrow = today.plus({ days: 1 });
      const [agenda, waiting] = await Promise.all([
        listTherapistBookings(
          runtime,
          therapist.therapistId,
          { from: today.toISODate()!, to: tomorrow.toISODate()! },
          now,
        ),
        waitingOnTherapist({ runtime, therapistId: therapist.therapistId, now, zone }),
      ]);
      const shown = agenda.items.filter((b) => b.status === 'confirmed' || b.status === 'requested');
      const on = (d: DateTime) => shown.filter((b) => DateTime.fromISO(b.start, { zone }).hasSame(d, 'day'));
      return showPage({
        title: waiting.length ? `Today (${waiting.length} waiting on you)` : 'Today',
        section: 'today',
        body: html`<h1>Today</h1>
<p class="muted">${today.setLocale('en-GB').toFormat('cccc d LLLL')}. Times in ${zoneLabel(zone)}.</p>
<h2 id="waiting">Waiting on you</h2>
${waiting.length ? html`<ul class="items" aria-labelledby="waiting">${waiting.map((w) => waitingItem(w, now))}</ul>` : html`<p>Nothing is waiting on you.</p>`}
${dayList('Today’s sessions', 'today', on(today), zone)}
${dayList(`Tomorrow, ${tomorrow.setLocale('en-GB').toFormat('cccc d LLLL')}`, 'tomorrow', on(tomorrow), zone)}
<p><a href="/console/bookings">All bookings</a> · <a href="/console/inbox">Inbox</a></p>`,
      });
    },
  }),
};
