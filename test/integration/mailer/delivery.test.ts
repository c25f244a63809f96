import { describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { emailsTo, waitForEmails } from '#test/support/mailbox.js';
import { streamEvent, streamRecord } from '#test/support/stream-event.js';
import { clientAddress, enquiryReceived, givenOutboxMessage, mailer, readOutbox } from './given.js';

const env = useTestEnvironment();

describe('mailer: delivery', () => {
  it('sends a new outbox item once, as the therapist, and keeps only ids afterwards', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const record = await givenOutboxMessage(env, message);

    const result = await mailer(env)(streamEvent(record));

    expect(result).toEqual({ batchItemFailures: [] });
    const [email, ...others] = await waitForEmails(env.sesEndpoint, to);
    expect(others).toHaveLength(0);
    expect(email!.subject).toBe('Your message to Sam Rivera');
    expect(email!.from).toMatch(/^"?Sam Rivera"? <hello@threshold\.test>$/);
    expect(email!.replyTo).toEqual([]);
    expect(email!.body.text).toContain(
      'This is an automatic note so you know it arrived. Sam Rivera will read it and reply to you personally by Friday 28 November.',
    );
    expect(email!.body.text).toContain('Samaritans: call 116 123, free, day or night');
    expect(email!.body.html).toContain('<title>Your message to Sam Rivera</title>');
    expect(email!.body.html).toContain('Hello Alex Morgan,');

    const item = await readOutbox(env, message.id);
    expect(item).toMatchObject({
      status: 'sent',
      attempts: 1,
      message: { id: message.id, template: 'enquiry-received', therapistId: 'therapist-1' },
    });
    expect(item.sentAt).toEqual(expect.any(String));
    expect(item.providerMessageId).toEqual(expect.any(String));
    expect(item.leaseUntil).toBeUndefined();
    // The data held names and the address: gone once the email is out.
    expect(Object.keys(item.message).sort()).toEqual(['id', 'template', 'therapistId']);
  });

  it('sends once when the same record arrives twice in one batch', async () => {
    const to = clientAddress();
    const record = await givenOutboxMessage(env, enquiryReceived(to));

    const result = await mailer(env)(streamEvent(record, record));

    expect(result.batchItemFailures).toEqual([]);
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('sends once when the same batch is delivered again', async () => {
    const to = clientAddress();
    const event = streamEvent(await givenOutboxMessage(env, enquiryReceived(to)));
    const send = mailer(env);

    expect(await send(event)).toEqual({ batchItemFailures: [] });
    expect(await send(event)).toEqual({ batchItemFailures: [] });
    await Promise.all([send(event), send(event)]);

    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('sends once when two invocations race for the same record, and tells the loser to retry', async () => {
    const to = clientAddress();
    const event = streamEvent(await givenOutboxMessage(env, enquiryReceived(to)));
    const send = mailer(env);

    const results = await Promise.all([send(event), send(event)]);

    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
    // The loser saw either a finished item (nothing to do) or a live lease (retry later, then find it sent).
    expect(results.flatMap((r) => r.batchItemFailures).length).toBeLessThanOrEqual(1);
    expect(await send(event)).toEqual({ batchItemFailures: [] });
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('sends every message in a batch, each to its own recipient', async () => {
    const addresses = [clientAddress(), clientAddress(), clientAddress()];
    const records = await Promise.all(addresses.map((to) => givenOutboxMessage(env, enquiryReceived(to))));

    expect(await mailer(env)(streamEvent(...records))).toEqual({ batchItemFailures: [] });

    for (const to of addresses) expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('ignores other entities and updates', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const insert = await givenOutboxMessage(env, message);
    const stored = await readOutbox(env, message.id);
    const modify = streamRecord({ ...stored }, { eventName: 'MODIFY', oldItem: stored });
    const enquiry = streamRecord({ pk: 'THERAPIST#therapist-1', sk: 'ENQUIRY#x', entity: 'enquiry' });

    expect(await mailer(env)(streamEvent(modify, enquiry))).toEqual({ batchItemFailures: [] });
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(0);
    expect((await readOutbox(env, message.id)).status).toBe('pending');

    await mailer(env)(streamEvent(insert));
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('renders the therapist notification with its one-click links', async () => {
    const to = `${crypto.randomUUID()}@therapist.test`;
    const message = enquiryReceived(to, {
      template: 'enquiry-new',
      to: { email: to, name: 'Sam Rivera' },
      data: {
        therapistName: 'Sam Rivera',
        clientName: 'Alex Morgan',
        receivedAt: '2025-03-04T10:00:00Z',
        timeZone: 'Europe/London',
        preferredContact: 'email',
        hasMessage: true,
        hasTimePreferences: false,
        acceptUrl: 'https://api.threshold.test/actions/accept-token',
        declineUrl: 'https://api.threshold.test/actions/decline-token',
        enquiryUrl: 'https://api.threshold.test/console/enquiries/01j',
      },
    });

    await mailer(env)(streamEvent(await givenOutboxMessage(env, message)));

    const [email] = await waitForEmails(env.sesEndpoint, to);
    expect(email!.subject).toBe('New enquiry');
    expect(email!.body.text).toContain('Alex Morgan sent you an enquiry on Tuesday 4 March, 10:00 (London time).');
    expect(email!.body.text).toContain('They wrote a message, which you can read after signing in.');
    expect(email!.body.html).toContain('href="https://api.threshold.test/actions/accept-token"');
  });
});
