/**
 * Booking emails through the real mailer and the SES emulator: the calendar invite arrives as an
 * attachment, and a cancellation after it carries METHOD:CANCEL for the same UID at a higher SEQUENCE.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { renderMessage } from '#shared/email/render.js';
import { newId } from '#shared/ids.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { waitForEmails, type ReceivedEmail } from '#test/support/mailbox.js';
import { streamEvent, streamRecord } from '#test/support/stream-event.js';
import { appointment, bookingLinks, calendarEvent } from '#test/unit/email/booking-samples.js';
import { property } from '#test/unit/email/ics-lines.js';
import { clientAddress, givenOutboxMessage, mailer, readOutbox } from './given.js';
import { testContactUrl } from '#test/unit/email/sample.js';

const env = useTestEnvironment();

const bookingId = () => `01j${randomUUID().replace(/-/g, '').slice(0, 23)}`;
const envelope = (to: string, name: string, written: Date) => ({
  id: newId(written),
  therapistId: 'therapist-1',
  to: { email: to, name },
  fromName: 'Sam Rivera',
});

function confirmed(to: string, uid: string, written: Date): OutboxMessage {
  return {
    ...envelope(to, 'Alex Morgan', written),
    template: 'booking-confirmed',
    data: {
      clientName: 'Alex Morgan',
      therapistName: 'Sam Rivera',
      appointment: appointment(),
      manageUrl: bookingLinks.manageUrl,
      cancellationNoticeHours: 24,
      ics: calendarEvent({ uid, sequence: 0, attendees: [{ name: 'Alex Morgan', email: to }] }),
    },
  };
}

function cancelledByClient(to: string, uid: string, written: Date): OutboxMessage {
  return {
    ...envelope(to, 'Alex Morgan', written),
    template: 'booking-cancelled',
    data: {
      clientName: 'Alex Morgan',
      therapistName: 'Sam Rivera',
      appointment: appointment(),
      cancelledBy: 'client',
      wasRequest: false,
      ics: calendarEvent({
        uid,
        method: 'CANCEL',
        status: 'CANCELLED',
        sequence: 1,
        attendees: [{ name: 'Alex Morgan', email: to }],
      }),
    },
  };
}

/** The one calendar attachment of an email, as text. */
function invite(email: ReceivedEmail): string {
  const calendars = email.attachments.filter((a) => a.contentType.startsWith('text/calendar'));
  expect(calendars).toHaveLength(1);
  expect(calendars[0]!.filename).toBe('invite.ics');
  return Buffer.from(calendars[0]!.content, 'base64').toString('utf8');
}

describe('mailer: booking emails with calendar invites', () => {
  it('delivers the confirmation with an ICS REQUEST attached, the manage link in both parts', async () => {
    const to = clientAddress();
    const id = bookingId();
    const message = confirmed(to, `${id}@threshold`, new Date('2025-02-25T09:30:00Z'));

    expect(await mailer(env)(streamEvent(await givenOutboxMessage(env, message)))).toEqual({ batchItemFailures: [] });

    const [email, ...others] = await waitForEmails(env.sesEndpoint, to);
    expect(others).toHaveLength(0);
    expect(email!.subject).toBe('Your appointment on Tuesday 4 March');
    expect(email!.body.text).toContain(
      'Your first consultation with Sam Rivera is confirmed for Tuesday 4 March, 10:00 (London time).',
    );
    expect(email!.body.text).toContain(
      `If you need to move or cancel it, you can do that here:\n\nMove or cancel:\n${bookingLinks.manageUrl}`,
    );
    expect(email!.body.html).toContain(`href="${bookingLinks.manageUrl}"`);

    const ics = invite(email!);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(property(ics, 'METHOD').value).toBe('REQUEST');
    expect(property(ics, 'UID').value).toBe(`${id}@threshold`);
    expect(property(ics, 'SEQUENCE').value).toBe('0');
    expect(property(ics, 'STATUS').value).toBe('CONFIRMED');
    expect(property(ics, 'DTSTART').value).toBe('20250304T100000Z');
    expect(property(ics, 'DTSTAMP').value).toBe('20250225T093000Z');
    expect(property(ics, 'ATTENDEE').value).toBe(`mailto:${to}`);
    expect((await readOutbox(env, message.id)).status).toBe('sent');
  });

  it('delivers a later cancellation as METHOD:CANCEL for the same UID, at a higher SEQUENCE', async () => {
    const to = clientAddress();
    const uid = `${bookingId()}@threshold`;
    const send = mailer(env);
    await send(streamEvent(await givenOutboxMessage(env, confirmed(to, uid, new Date('2025-02-25T09:30:00Z')))));
    await waitForEmails(env.sesEndpoint, to, 1);

    await send(
      streamEvent(await givenOutboxMessage(env, cancelledByClient(to, uid, new Date('2025-03-01T08:00:00Z')))),
    );

    const [first, second] = await waitForEmails(env.sesEndpoint, to, 2);
    expect(second!.subject).toBe('Your appointment on Tuesday 4 March is cancelled');
    expect(second!.body.text).toContain(
      'As you asked, your first consultation with Sam Rivera on Tuesday 4 March, 10:00 (London time) is now cancelled.',
    );
    const request = invite(first!);
    const cancel = invite(second!);
    expect(property(cancel, 'METHOD').value).toBe('CANCEL');
    expect(property(cancel, 'STATUS').value).toBe('CANCELLED');
    expect(property(cancel, 'UID').value).toBe(property(request, 'UID').value);
    expect(Number(property(cancel, 'SEQUENCE').value)).toBeGreaterThan(Number(property(request, 'SEQUENCE').value));
    expect(property(cancel, 'DTSTAMP').value > property(request, 'DTSTAMP').value).toBe(true);
  });

  it('sends the therapist their copy in their own zone, with the same invite identity', async () => {
    const to = `${randomUUID()}@therapist.test`;
    const uid = `${bookingId()}@threshold`;
    const message: OutboxMessage = {
      ...envelope(to, 'Sam Rivera', new Date('2025-02-25T09:30:00Z')),
      template: 'booking-confirmed-therapist',
      data: {
        clientName: 'Alex Morgan',
        therapistName: 'Sam Rivera',
        appointment: appointment('America/New_York'),
        clientTimeZone: 'Europe/London',
        autoConfirmed: true,
        bookingsUrl: bookingLinks.bookingsUrl,
        ics: calendarEvent({ uid, timeZone: 'America/New_York', summary: 'Appointment with Alex Morgan' }),
      },
    };

    await mailer(env)(streamEvent(await givenOutboxMessage(env, message)));

    const [email] = await waitForEmails(env.sesEndpoint, to);
    expect(email!.subject).toBe('Appointment confirmed for Tuesday 4 March');
    expect(email!.body.text).toContain('Tuesday 4 March, 05:00 (New York time)');
    expect(email!.body.text).toContain('For Alex Morgan, that is Tuesday 4 March, 10:00 (London time).');
    const ics = invite(email!);
    expect(property(ics, 'UID').value).toBe(uid);
    expect(property(ics, 'SUMMARY').value).toBe('Appointment with Alex Morgan');
    expect(property(ics, 'DESCRIPTION').value).toContain('05:00 (New York time)');
  });

  it('sends a cancelled request (never in a calendar) with no invite', async () => {
    const to = clientAddress();
    const message: OutboxMessage = {
      ...envelope(to, 'Alex Morgan', new Date('2025-02-25T09:30:00Z')),
      template: 'booking-cancelled',
      data: {
        clientName: 'Alex Morgan',
        therapistName: 'Sam Rivera',
        appointment: appointment(),
        cancelledBy: 'client',
        wasRequest: true,
        bookingUrl: bookingLinks.bookingUrl,
      },
    };

    await mailer(env)(streamEvent(await givenOutboxMessage(env, message)));

    const [email] = await waitForEmails(env.sesEndpoint, to);
    expect(email!.subject).toBe('Your request for Tuesday 4 March is cancelled');
    expect(email!.attachments).toEqual([]);
  });

  it('sends an invite queued whole (before the outbox stored less of it) exactly as one stored today', async () => {
    const written = new Date('2025-02-25T09:30:00Z');
    const uid = `${bookingId()}@threshold`;
    const [queuedWhole, storedNow] = [
      confirmed(clientAddress(), uid, written),
      confirmed(clientAddress(), uid, written),
    ];
    // Written as outboxPut wrote it before: the message as it was given.
    await env.runtime().db.send(
      new PutCommand({
        TableName: env.tableName,
        Item: { ...outboxPut(env.runtime().store, queuedWhole, written).Put!.Item!, message: queuedWhole },
      }),
    );
    const whole = await readOutbox(env, queuedWhole.id);
    expect(whole.message.data).toEqual(queuedWhole.data);
    const stored = await givenOutboxMessage(env, storedNow);
    expect((await readOutbox(env, storedNow.id)).message.data).not.toHaveProperty('ics.summary');

    const send = mailer(env);
    expect(
      await send(
        streamEvent(
          streamRecord(whole as unknown as Record<string, unknown> & { pk: string; sk: string }, {
            tableName: env.tableName,
          }),
          stored,
        ),
      ),
    ).toEqual({ batchItemFailures: [] });

    for (const message of [queuedWhole, storedNow]) {
      const [email] = await waitForEmails(env.sesEndpoint, message.to.email);
      const expected = renderMessage(message, ukCrisisSupport, testContactUrl);
      expect(email!.subject).toBe(expected.subject);
      expect(invite(email!)).toBe(expected.attachments[0]!.content);
      expect((await readOutbox(env, message.id)).status).toBe('sent');
    }
  });
});
