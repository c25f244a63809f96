/**
 * The booking emails as they arrive, read back from the SES emulator: the calendar invite is attached,
 * its UID stays the same, SEQUENCE rises on a move, a cancellation is METHOD:CANCEL, and every client email
 * ends with the therapist's contact page.
 * The templates are written separately from the booking lifecycle; until they exist these tests
 * are skipped (the outbox items they render are asserted in journey.test.ts and lifecycle.test.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { templates } from '#shared/email/templates/index.js';
import type { ReceivedEmail } from '#test/support/mailbox.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { emailsArriveFor, theOutboxIsDelivered, wholeEmail } from '#test/support/steps/then.js';
import {
  aPractice,
  anAcceptedEnquiry,
  clientBooks,
  clientCancels,
  clientMoves,
  onlyMessage,
  therapistActs,
  tokenOf,
} from './steps.js';

useTestEnvironment();

beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

const written = ['booking-confirmed', 'booking-moved', 'booking-cancelled'].every((name) =>
  Object.hasOwn(templates, name),
);

function calendarOf(email: ReceivedEmail): string {
  const attachment = email.attachments.find(
    (a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'),
  );
  expect(attachment, `a calendar invite in "${email.subject}"`).toBeDefined();
  const content = attachment!.content;
  return content.includes('BEGIN:VCALENDAR') ? content : Buffer.from(content, 'base64').toString('utf8');
}

const field = (ics: string, name: string): string | undefined =>
  new RegExp(`^${name}[:;](.*)$`, 'm').exec(ics.replace(/\r\n[ \t]/g, ''))?.[1];

describe.runIf(written)('booking emails with calendar invites', () => {
  it('confirm → move → cancel: same UID, SEQUENCE 0 → 1 → 2, METHOD:CANCEL at the end', async () => {
    const therapist = await aPractice();
    const { client, token } = await anAcceptedEnquiry(therapist);
    const { bookingId } = (await clientBooks(token, '2026-03-04T10:00:00+00:00', 'Europe/London')).json<{
      bookingId: string;
    }>();
    expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);
    const manage = tokenOf((await onlyMessage('booking-confirmed', client.email)).data.manageUrl);
    expect((await clientMoves(manage, '2026-03-05T14:00:00+00:00')).status).toBe(200);
    expect((await clientCancels(manage)).status).toBe(200);
    await theOutboxIsDelivered();

    // Acknowledgement, accept reply, request received, confirmed, moved, cancelled.
    const emails = await emailsArriveFor(client.email, 6);
    const withCalendar = emails.filter((e) =>
      e.attachments.some((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics')),
    );
    expect(withCalendar).toHaveLength(3);
    // One batch delivers them all, so order them by SEQUENCE rather than by arrival.
    const invites = withCalendar
      .map((email) => ({ email, ics: calendarOf(email) }))
      .sort((a, b) => Number(field(a.ics, 'SEQUENCE')) - Number(field(b.ics, 'SEQUENCE')));
    for (const { ics } of invites) expect(field(ics, 'UID')).toBe(`${bookingId}@threshold`);
    expect(invites.map(({ ics }) => [Number(field(ics, 'SEQUENCE')), field(ics, 'METHOD')])).toEqual([
      [0, 'REQUEST'],
      [1, 'REQUEST'],
      [2, 'CANCEL'],
    ]);
    // The zone is named in the email itself.
    expect(wholeEmail(invites[0]!.email)).toContain('London time');
    // Every one of the client's emails, as it arrives, gives the way to reach the therapist: their contact page.
    const contactPage = (await send({ method: 'GET', path: '/me/profile', as: therapist.therapistId })).json<{
      contactPageUrl: string;
    }>().contactPageUrl;
    for (const email of emails) {
      expect(email.body.text, email.subject).toContain(`Write to Sam Rivera:\n${contactPage}`);
      expect(email.body.html, email.subject).toContain(`href="${contactPage}"`);
    }
  });
});
