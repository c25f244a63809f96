/**
 * The agenda: requests waiting for an answer first, then bookings inside a break, then the day or
 * the week in the therapist's zone. The same reads as GET /me/bookings and GET /me/breaks.
 */
import { DateTime } from 'luxon';
import { html, type SafeHtml } from '#shared/http/html.js';
import { listTherapistBookings, type TherapistBookingView } from '#shared/use-cases/bookings/list-bookings.js';
import type { BookingInsideBreak } from '#shared/use-cases/breaks/break-bookings.js';
import { listTherapistBreaks } from '#shared/use-cases/breaks/list-breaks.js';
import { consolePage, showPage, type ConsoleRequest } from '../console-page.js';
import { actionForm, doneMessage } from '../forms.js';
import { appointmentWord, day, timeRange, when, zoneLabel } from '../words.js';

export type BreakFlags = ReadonlyMap<string, string>;

/** bookingId → the break it falls inside, in words ("Monday 3 to Friday 14 August"). */
export async function breakFlags(
  req: Pick<ConsoleRequest<unknown>, 'runtime' | 'therapist' | 'now'>,
): Promise<{ flags: BreakFlags; inside: (BookingInsideBreak & { when: string })[] }> {
  const { items } = await listTherapistBreaks(req.runtime, req.therapist.therapistId, req.now);
  const flags = new Map<string, string>();
  const inside = items.flatMap((b) => b.bookingsInside.map((booking) => ({ ...booking, when: b.when })));
  for (const b of inside) flags.set(b.bookingId, b.when);
  return { flags, inside };
}

export const breakTag = (flags: BreakFlags, bookingId: string): SafeHtml =>
  flags.has(bookingId) ? html` <span class="tag attention">Inside your break</span>` : html``;

const statusTag: Record<string, string> = {
  requested: 'Request',
  confirmed: 'Confirmed',
  declined: 'Declined',
  expired: 'Released',
  cancelled: 'Cancelled',
};

const doneWords: Record<string, string> = {
  confirmed: 'Confirmed. The client has an email with the details and a calendar invitation.',
};

type View = 'day' | 'week';

function agendaItem(b: TherapistBookingView, zone: string, flags: BreakFlags): SafeHtml {
  const closed = b.status !== 'requested' && b.status !== 'confirmed';
  return html`<li><span${closed ? html` class="muted"` : html``}>${timeRange(b.start, b.end, zone)}</span>
<a href="/console/bookings/${b.bookingId}"><bdi>${b.client.name}</bdi></a> <span class="muted">${appointmentWord(b.kind)}</span>
<span class="tag${b.status === 'requested' ? ' attention' : ''}">${statusTag[b.status] ?? b.status}</span>${breakTag(flags, b.bookingId)}</li>`;
}

export const bookingsPages = {
  consoleBookings: consolePage({
    async run(req) {
      const { therapist, runtime, now, query, csrf } = req;
      const view: View = query.view === 'day' ? 'day' : 'week';
      const upcoming = await listTherapistBookings(runtime, therapist.therapistId, {}, now);
      const zone = upcoming.timeZone;
      const asked = /^\d{4}-\d{2}-\d{2}$/.test(query.date ?? '') ? DateTime.fromISO(query.date!, { zone }) : undefined;
      const anchor = (asked?.isValid ? asked : DateTime.fromMillis(now.getTime(), { zone })).startOf('day');
      const first = view === 'week' ? anchor.startOf('week') : anchor;
      const last = view === 'week' ? first.plus({ days: 6 }) : first;
      const [agenda, { flags, inside }] = await Promise.all([
        listTherapistBookings(runtime, therapist.therapistId, { from: first.toISODate()!, to: last.toISODate()! }, now),
        breakFlags(req),
      ]);
      const requests = upcoming.items.filter((b) => b.status === 'requested' && Date.parse(b.end) > now.getTime());
      const step = view === 'week' ? { weeks: 1 } : { days: 1 };
      const link = (date: DateTime, v: View = view) => `/console/bookings?view=${v}&date=${date.toISODate()}`;
      const today = DateTime.fromMillis(now.getTime(), { zone }).toISODate();

      const days: SafeHtml[] = [];
      for (let d = first; d <= last; d = d.plus({ days: 1 })) {
        const date = d.toISODate()!;
        const own = agenda.items.filter((b) => DateTime.fromISO(b.start, { zone }).toISODate() === date);
        days.push(html`<h3>${day(date, zone)}${date === today ? ' (today)' : ''}</h3>
${own.length ? html`<ul class="items">${own.map((b) => agendaItem(b, zone, flags))}</ul>` : html`<p class="muted">Nothing booked.</p>`}`);
      }

      const body = html`<h1>Bookings</h1>
${query.done && doneWords[query.done] ? doneMessage(doneWords[query.done]!) : html``}
<p class="muted">Times are in ${zoneLabel(zone)}.</p>
<h2>Requests waiting for you</h2>
${
  requests.length
    ? html`<ul class="items">${requests.map(
        (
          b,
        ) => html`<li><a href="/console/bookings/${b.bookingId}"><strong><bdi>${b.client.name}</bdi></strong></a> <span class="muted">${appointmentWord(b.kind)}</span>${breakTag(flags, b.bookingId)}
<p class="small">${when(b.start, zone)}</p>
${actionForm(csrf, `/console/bookings/${b.bookingId}/confirm`, html`<input type="hidden" name="return" value="agenda"><button type="submit">Confirm ${b.client.name}'s request</button> <a href="/console/bookings/${b.bookingId}">Decline or see details</a>`)}</li>`,
      )}</ul>`
    : html`<p>No requests are waiting. Where you ask to confirm bookings, new requests appear here first.</p>`
}
${
  inside.length
    ? html`<h2>Inside a break</h2>
<p>These bookings fall inside a break you planned. Nothing has been cancelled: cancel each with a note, or keep it.</p>
<ul class="items">${inside.map((b) => html`<li><a href="/console/bookings/${b.bookingId}"><bdi>${b.client.name}</bdi></a>, ${when(b.start, zone)} <span class="tag attention">Inside your break: ${b.when}</span></li>`)}</ul>`
    : html``
}
<h2>${view === 'week' ? html`Week of ${day(first.toISODate()!, zone)}` : html`${day(first.toISODate()!, zone)}`}</h2>
<nav class="pager" aria-label="${view === 'week' ? 'Weeks' : 'Days'}">
<a href="${link(first.minus(step))}">Previous ${view}</a>
<a href="${link(DateTime.fromMillis(now.getTime(), { zone }))}">${view === 'week' ? 'This week' : 'Today'}</a>
<a href="${link(first.plus(step))}">Next ${view}</a>
<a href="${view === 'week' ? link(anchor, 'day') : link(anchor, 'week')}">${view === 'week' ? 'Show one day' : 'Show the whole week'}</a>
</nav>
${days}`;
      return showPage({ title: 'Bookings', section: 'bookings', body });
    },
  }),
};
