/**
 * Journey 1, first contact, end to end: enquiry → acknowledgement and notification → accept or
 * decline (from the API and from the email's one-click links) → the client's reply.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode } from '#test/support/driver.js';
import {
  aClient,
  aTherapist,
  anEnquiryFrom,
  type GivenClient,
  type GivenTherapist,
} from '#test/support/steps/given.js';
import {
  clientSendsEnquiry,
  someoneOpensLink,
  therapistAccepts,
  therapistConfirmsLink,
  therapistDeclines,
  therapistReadsEnquiry,
} from '#test/support/steps/when.js';
import {
  actionLinksIn,
  emailAbout,
  emailsArriveFor,
  emailsFor,
  storedEnquiry,
  storedItem,
  theOutboxIsDelivered,
  wholeEmail,
} from '#test/support/steps/then.js';
import { keys } from '#shared/store/keys.js';
import { timerId } from '#shared/store/timers.js';

useTestEnvironment();

// Tuesday 4 March 2025, 10:00 in London (GMT).
beforeEach(() => clock.set('2025-03-04T10:00:00Z'));

interface Sent {
  therapist: GivenTherapist;
  client: GivenClient;
  enquiry: Record<string, unknown>;
  enquiryId: string;
}

async function anEnquiryIsSent(overrides: Record<string, unknown> = {}): Promise<Sent> {
  const therapist = await aTherapist();
  const client = aClient();
  const enquiry = anEnquiryFrom(client, overrides);
  const response = await clientSendsEnquiry(therapist.therapistId, enquiry, client);
  expect(response.status).toBe(201);
  const body = response.json<{ enquiryId: string; status: string }>();
  expect(body.status).toBe('received');
  return { therapist, client, enquiry, enquiryId: body.enquiryId };
}

describe('first contact', () => {
  it('acknowledges the client and notifies the therapist; neither email carries the message', async () => {
    const { therapist, client, enquiry, enquiryId } = await anEnquiryIsSent();
    expect(enquiryId).toMatch(/^[0-9a-f-]{36}$/);

    await theOutboxIsDelivered();
    const [ack] = await emailsArriveFor(client.email);
    const notification = await emailAbout(therapist.email, client.name);
    expect(wholeEmail(ack!)).toContain('116 123');
    if (handlerMode) {
      expect(ack!.subject).toBe(`Your message to ${therapist.displayName}`);
      expect(wholeEmail(ack!)).toContain('Thursday 6 March'); // two working days: when to expect a reply
      expect(wholeEmail(notification)).toContain(
        `${client.name} sent you an enquiry on Tuesday 4 March, 10:00 (London time)`,
      );
    }
    for (const email of [ack!, notification]) {
      expect(wholeEmail(email)).not.toContain(enquiry.message as string);
      expect(wholeEmail(email)).not.toContain(enquiry.timePreferences as string);
      expect(wholeEmail(email)).not.toContain(client.phone);
    }
    const links = actionLinksIn(notification);
    expect(links.accept).not.toBe(links.decline);

    // The therapist reads the whole enquiry behind sign-in.
    const read = await therapistReadsEnquiry(therapist.therapistId, enquiryId);
    expect(read.status).toBe(200);
    expect(read.json()).toMatchObject({
      enquiryId,
      status: 'received',
      name: client.name,
      email: client.email,
      phone: client.phone,
      preferredContact: 'email',
      message: enquiry.message,
      timePreferences: enquiry.timePreferences,
      consent: { version: expect.any(String) },
    });
    if (handlerMode)
      expect(read.json()).toMatchObject({
        consent: { version: '1', at: '2025-03-04T10:00:00.000Z' },
        receivedAt: '2025-03-04T10:00:00.000Z',
      });
  });

  it('enquiry → accept from the API: the client hears back with the note, and the timers are gone', async () => {
    const { therapist, client, enquiryId } = await anEnquiryIsSent();
    await theOutboxIsDelivered();
    await emailsArriveFor(client.email);
    clock.advance(DAY);

    const accepted = await therapistAccepts(therapist.therapistId, enquiryId, 'I would be glad to meet you.');
    expect(accepted.status).toBe(200);
    const body = accepted.json<{ enquiryId: string; status: string; bookingUrl?: string }>();
    expect(body).toMatchObject({ enquiryId, status: 'accepted' });

    await theOutboxIsDelivered();
    const emails = await emailsArriveFor(client.email, 2);
    expect(wholeEmail(emails[1]!)).toContain('I would be glad to meet you.');
    // Once the consultations capability fills the invitation seam, the email carries the booking link.
    if (body.bookingUrl) expect(emails[1]!.body.text).toContain(body.bookingUrl);
    expect((await therapistReadsEnquiry(therapist.therapistId, enquiryId)).json()).toMatchObject({
      status: 'accepted',
    });
    if (handlerMode) {
      expect(await storedEnquiry(therapist.therapistId, enquiryId)).toMatchObject({
        closedAt: '2025-03-05T10:00:00.000Z',
      });
      expect(await storedItem(keys.timer(therapist.therapistId, timerId('enquiry-nudge', enquiryId)))).toBeUndefined();
      expect(await storedItem(keys.timer(therapist.therapistId, timerId('enquiry-expiry', enquiryId)))).toBeUndefined();
      // Accepted enquiries lead somewhere: they do not expire.
      expect((await storedEnquiry(therapist.therapistId, enquiryId))?.ttl).toBeUndefined();
    }
  });

  it('enquiry → decline from the email link: a confirmation page first, then a kind reply with the note', async () => {
    const { therapist, client, enquiryId } = await anEnquiryIsSent();
    await theOutboxIsDelivered();
    const { decline } = actionLinksIn(await emailAbout(therapist.email, client.name));

    const confirm = await someoneOpensLink(decline);
    expect(confirm.status).toBe(200);
    expect(confirm.headers['content-type']).toMatch(/^text\/html/);
    expect(confirm.text).toContain(`Decline the enquiry from ${client.name}, received `);
    if (handlerMode)
      expect(confirm.text).toContain(
        `Decline the enquiry from ${client.name}, received Tuesday 4 March, 10:00 (London time)?`,
      );
    expect((await therapistReadsEnquiry(therapist.therapistId, enquiryId)).json()).toMatchObject({
      status: 'received',
    });

    const done = await therapistConfirmsLink(decline, 'My practice is full at the moment.');
    expect(done.status).toBe(200);
    expect(done.text).toContain(`You declined the enquiry from ${client.name}`);

    await theOutboxIsDelivered();
    const emails = await emailsArriveFor(client.email, 2);
    const reply = wholeEmail(emails[1]!);
    expect(reply).toContain('My practice is full at the moment.');
    expect(reply).toContain('116 123');
    expect((await therapistReadsEnquiry(therapist.therapistId, enquiryId)).json()).toMatchObject({
      status: 'declined',
      note: 'My practice is full at the moment.',
    });
    if (handlerMode) {
      // Declined enquiries expire after the retention period (90 days).
      const stored = await storedEnquiry(therapist.therapistId, enquiryId);
      expect(stored?.ttl).toBe(Date.parse('2025-06-02T10:00:00Z') / 1000);
    }
  });

  it('enquiry → accept from the email link, without a note', async () => {
    const { therapist, client, enquiryId } = await anEnquiryIsSent();
    await theOutboxIsDelivered();
    const { accept } = actionLinksIn(await emailAbout(therapist.email, client.name));

    const done = await therapistConfirmsLink(accept);
    expect(done.status).toBe(200);
    expect(done.text).toContain(`You accepted the enquiry from ${client.name}`);
    await theOutboxIsDelivered();
    await emailsArriveFor(client.email, 2);
    expect((await therapistReadsEnquiry(therapist.therapistId, enquiryId)).json()).toMatchObject({
      status: 'accepted',
    });
  });

  it('a decline after an accept is a conflict, and sends nothing', async () => {
    const { therapist, client, enquiryId } = await anEnquiryIsSent();
    await theOutboxIsDelivered();
    await emailsArriveFor(client.email);
    expect((await therapistAccepts(therapist.therapistId, enquiryId)).status).toBe(200);
    const again = await therapistDeclines(therapist.therapistId, enquiryId, 'Sorry');
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      status: 409,
      enquiryStatus: 'accepted',
      detail: expect.stringContaining('already accepted'),
    });
    expect((await therapistAccepts(therapist.therapistId, enquiryId)).status).toBe(409);
    await theOutboxIsDelivered();
    await emailsArriveFor(client.email, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await emailsFor(client.email)).toHaveLength(2);
  });

  it('asks for a phone number only when phone is the preferred way, and tells the therapist', async () => {
    const { therapist, client, enquiryId } = await anEnquiryIsSent({
      preferredContact: 'phone',
      message: undefined,
      timePreferences: undefined,
    });
    await theOutboxIsDelivered();
    const text = wholeEmail(await emailAbout(therapist.email, client.name));
    expect(text).toContain('by phone');
    expect(text).not.toContain('wrote a message');
    const read = (await therapistReadsEnquiry(therapist.therapistId, enquiryId)).json();
    expect(read).toMatchObject({ preferredContact: 'phone' });
    expect(read).not.toHaveProperty('message');
  });
});
