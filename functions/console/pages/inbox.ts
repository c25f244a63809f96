/**
 * The inbox: everything waiting for the therapist's reply (new enquiries and requests to come back),
 * newest first, and what was answered lately. The message itself is on each item's own page.
 */
import { html, type SafeHtml } from '#shared/http/html.js';
import type { EnquirySummary } from '#shared/store/enquiries.js';
import { listInbox } from '#shared/use-cases/enquiries/read-enquiries.js';
import { listReturns, type ReturnView } from '#shared/use-cases/returns/list-returns.js';
import {
  BOUNCED_REASON,
  listUndeliveredEmails,
  type UndeliveredView,
} from '#shared/use-cases/emails/undelivered-emails.js';
import { consolePage, showPage } from '../console-page.js';
import { when } from '../words.js';

type Entry = { kind: 'enquiry'; at: string; item: EnquirySummary } | { kind: 'return'; at: string; item: ReturnView };

const answeredShown = 10;

const enquiryState: Record<string, string> = {
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Closed with no reply',
  withdrawn: 'Withdrawn',
};

function waitingItem(entry: Entry, zone: string): SafeHtml {
  if (entry.kind === 'enquiry') {
    const e = entry.item;
    const details = [
      e.hasMessage ? 'They wrote a message.' : 'No message.',
      e.preferredContact === 'phone' ? 'They would like a phone call.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return html`<li><a href="/console/enquiries/${e.enquiryId}"><strong><bdi>${e.name}</bdi></strong></a> <span class="tag attention">New enquiry</span>
<p class="muted small">Received ${when(e.receivedAt, zone)}. ${details}</p></li>`;
  }
  const r = entry.item;
  return html`<li><a href="/console/returns/${r.returnId}"><strong><bdi>${r.name}</bdi></strong></a> <span class="tag attention">Would like to come back</span>
<p class="muted small">Received ${when(r.receivedAt, zone)}. ${r.message ? 'They wrote a message.' : 'No message.'}</p></li>`;
}

function answeredItem(entry: Entry, zone: string): SafeHtml {
  if (entry.kind === 'enquiry') {
    const e = entry.item;
    return html`<li><a href="/console/enquiries/${e.enquiryId}"><bdi>${e.name}</bdi></a> <span class="tag">${enquiryState[e.status] ?? e.status}</span>
<span class="muted small">Enquiry received ${when(e.receivedAt, zone)}</span></li>`;
  }
  const r = entry.item;
  return html`<li><a href="/console/returns/${r.returnId}"><bdi>${r.name}</bdi></a> <span class="tag">${r.status === 'accepted' ? 'Welcomed back' : 'Declined'}</span>
<span class="muted small">Asked to come back ${when(r.receivedAt, zone)}</span></li>`;
}

/** "the booking confirmation to Jo", or "… to you, about Jo" for the therapist's own; the name isolated. */
const undeliveredWords = (e: UndeliveredView): SafeHtml => {
  const name = e.clientName ? html`<bdi>${e.clientName}</bdi>` : undefined;
  if (e.recipient === 'therapist') return name ? html`${e.what} to you, about ${name}` : html`${e.what} to you`;
  return name ? html`${e.what} to ${name}` : html`${e.what} to a client`;
};

/** An email that could not be sent: said plainly, with what the therapist can do. */
const undeliveredItem = (e: UndeliveredView, zone: string): SafeHtml =>
  e.reason === BOUNCED_REASON
    ? html`<li><strong>An email did not arrive:</strong> ${undeliveredWords(e)}.
<p class="muted small">Sent, then returned on ${when(e.failedAt, zone)}: the address may be wrong or no longer used. ${e.recipient === 'client' ? 'Please reach them another way if it mattered, by phone or from your own email.' : 'Its news is on this console.'}</p></li>`
    : html`<li><strong>An email could not be sent:</strong> ${undeliveredWords(e)}.
<p class="muted small">On ${when(e.failedAt, zone)}. It will not be sent. ${e.recipient === 'client' ? 'Please reach them another way if it mattered, by phone or from your own email.' : 'Its news is on this console.'}</p></li>`;

const newestFirst = (a: Entry, b: Entry) => b.at.localeCompare(a.at);

export const inboxPages = {
  consoleInbox: consolePage({
    async run({ therapist, now, runtime }) {
      const zone = therapist.timeZone;
      const [waiting, recent, returns, undelivered] = await Promise.all([
        listInbox(runtime, therapist.therapistId, { status: 'received', limit: 100 }, now),
        listInbox(runtime, therapist.therapistId, { limit: 25 }, now),
        listReturns(runtime, therapist.therapistId, now),
        listUndeliveredEmails(runtime, therapist.therapistId, now),
      ]);
      const open: Entry[] = [
        ...waiting.items.map((item): Entry => ({ kind: 'enquiry', at: item.receivedAt, item })),
        ...returns.items
          .filter((r) => r.status === 'pending')
          .map((item): Entry => ({ kind: 'return', at: item.receivedAt, item })),
      ].sort(newestFirst);
      const answered: Entry[] = [
        ...recent.items
          .filter((e) => e.status !== 'received')
          .map((item): Entry => ({ kind: 'enquiry', at: item.receivedAt, item })),
        ...returns.items
          .filter((r) => r.status !== 'pending')
          .map((item): Entry => ({ kind: 'return', at: item.receivedAt, item })),
      ]
        .sort(newestFirst)
        .slice(0, answeredShown);
      return showPage({
        title: open.length ? `Inbox (${open.length} waiting)` : 'Inbox',
        section: 'inbox',
        body: html`<h1>Inbox</h1>
${undelivered.length ? html`<section class="notice" aria-labelledby="undelivered"><h2 id="undelivered">${undelivered.length === 1 ? 'An email could not be sent' : 'Some emails could not be sent'}</h2><ul class="items">${undelivered.map((e) => undeliveredItem(e, zone))}</ul></section>` : html``}
<h2>Waiting for your reply</h2>
${open.length ? html`<ul class="items">${open.map((e) => waitingItem(e, zone))}</ul>` : html`<p>Nothing is waiting for you. New enquiries and requests to come back appear here, newest first.</p>`}
${answered.length ? html`<h2>Answered lately</h2><ul class="items">${answered.map((e) => answeredItem(e, zone))}</ul>` : html``}`,
      });
    },
  }),
};
