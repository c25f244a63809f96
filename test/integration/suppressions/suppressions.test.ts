/**
 * SES bounce and complaint events → suppression records → the mailer does not send. Real events
 * (the shapes in events/), DynamoDB Local, the SES emulator, the real mailer.
 */
import { describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { emailsTo } from '#test/support/mailbox.js';
import { streamEvent } from '#test/support/stream-event.js';
import { clientAddress, enquiryReceived, givenOutboxMessage, mailer, readOutbox } from '../mailer/given.js';
import { bounceEvent, complaintEvent, readSuppression, suppressions } from './given.js';

const env = useTestEnvironment();
const DAY = 86_400_000;

/** A first email to `to`, sent, whose id SES would tag its bounce or complaint with. */
async function givenSentTo(to: string): Promise<string> {
  const message = enquiryReceived(to);
  await mailer(env)(streamEvent(await givenOutboxMessage(env, message)));
  expect((await readOutbox(env, message.id)).status).toBe('sent');
  return message.id;
}

/** The next email to `to`, through the real mailer: its outbox status afterwards. */
async function nextEmailTo(to: string, options: Parameters<typeof mailer>[1] = {}): Promise<string> {
  const message = enquiryReceived(to);
  expect(await mailer(env, options)(streamEvent(await givenOutboxMessage(env, message)))).toEqual({
    batchItemFailures: [],
  });
  return (await readOutbox(env, message.id)).status;
}

describe('suppressions: from SES events to records the mailer honours', () => {
  it('records a permanent bounce, and the mailer then suppresses the next email to that address', async () => {
    const to = clientAddress();
    const outboxId = await givenSentTo(to);
    const at = new Date();

    const result = await suppressions()(bounceEvent({ to: [to], outboxId, at }));

    expect(result).toEqual({ outcome: 'suppressed', recipients: 1, written: 1, kept: 0 });
    const item = await readSuppression(env, to);
    expect(item).toEqual({
      pk: expect.stringMatching(/^SUPPRESSION#/),
      sk: 'SUPPRESSION',
      entity: 'suppression',
      reason: 'bounce',
      at: at.toISOString(),
      outboxId,
      providerMessageId: expect.any(String),
      ttl: Math.floor((at.getTime() + 365 * DAY) / 1000),
    });
    expect(JSON.stringify(item)).not.toContain(to.split('@')[0]);

    // The same person, written differently: one normalised address, one suppression.
    expect(await nextEmailTo(to.toUpperCase())).toBe('suppressed');
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('records a complaint, for two years, and the mailer suppresses the next email', async () => {
    const to = clientAddress();
    const outboxId = await givenSentTo(to);
    const at = new Date();

    expect(await suppressions()(complaintEvent({ to: [to], outboxId, at }))).toEqual({
      outcome: 'suppressed',
      recipients: 1,
      written: 1,
      kept: 0,
    });

    expect(await readSuppression(env, to)).toMatchObject({
      reason: 'complaint',
      outboxId,
      ttl: Math.floor((at.getTime() + 730 * DAY) / 1000),
    });
    expect(await nextEmailTo(to)).toBe('suppressed');
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('suppresses every recipient a bounce names', async () => {
    const [a, b] = [clientAddress(), clientAddress()];

    expect(await suppressions()(bounceEvent({ to: [a, b, a.toUpperCase()] }))).toMatchObject({
      outcome: 'suppressed',
      recipients: 2,
      written: 2,
    });

    expect(await nextEmailTo(a)).toBe('suppressed');
    expect(await nextEmailTo(b)).toBe('suppressed');
  });

  it('writes nothing for a transient bounce, and the next email goes out', async () => {
    const to = clientAddress();
    const outboxId = await givenSentTo(to);

    expect(await suppressions()(bounceEvent({ to: [to], outboxId, bounceType: 'Transient' }))).toEqual({
      outcome: 'not-suppressing',
      recipients: 1,
      written: 0,
      kept: 0,
    });

    expect(await readSuppression(env, to)).toBeUndefined();
    expect(await nextEmailTo(to)).toBe('sent');
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(2);
  });

  it('is harmless when EventBridge or Lambda delivers the same event again, even at once', async () => {
    const to = clientAddress();
    const event = bounceEvent({ to: [to], outboxId: await givenSentTo(to) });
    const handle = suppressions();

    await handle(event);
    const first = await readSuppression(env, to);
    const again = await Promise.all([
      handle(structuredClone(event)),
      handle(structuredClone(event)),
      handle(structuredClone(event)),
    ]);

    expect(again.map((r) => r.outcome)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    expect(await readSuppression(env, to)).toEqual(first);
    expect(await nextEmailTo(to)).toBe('suppressed');
  });

  it('never shortens a suppression: a later bounce keeps the complaint in place', async () => {
    const to = clientAddress();
    const complainedAt = new Date(Date.now() - 10 * DAY);
    await suppressions()(complaintEvent({ to: [to], at: complainedAt }));

    expect(await suppressions()(bounceEvent({ to: [to] }))).toEqual({
      outcome: 'suppressed',
      recipients: 1,
      written: 0,
      kept: 1,
    });

    expect(await readSuppression(env, to)).toMatchObject({ reason: 'complaint', at: complainedAt.toISOString() });
  });

  it('lets a bounce run out after a year: the mailer treats the expired record as absent', async () => {
    const to = clientAddress();
    await suppressions()(bounceEvent({ to: [to] }));

    const aYearAndADayOn = new Date(Date.now() + 366 * DAY);
    expect(await nextEmailTo(to, { now: () => aYearAndADayOn })).toBe('sent');
  });

  it('ignores events that are not SES bounces or complaints, and those of another configuration set', async () => {
    const to = clientAddress();
    const delivered = { ...bounceEvent({ to: [to] }), 'detail-type': 'Email Delivered' };
    const otherStage = bounceEvent({ to: [to], configurationSet: 'threshold-prod' });
    const scheduled = {
      version: '0',
      id: 'x',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '0',
      time: new Date().toISOString(),
      region: 'eu-west-2',
      resources: [],
      detail: {},
    };

    for (const event of [delivered, otherStage, scheduled]) {
      expect(await suppressions()(event)).toEqual({ outcome: 'ignored', recipients: 0, written: 0, kept: 0 });
    }
    expect(await readSuppression(env, to)).toBeUndefined();
  });

  it('fails (so Lambda retries, then keeps the event) when it cannot read the event or has no hash key', async () => {
    const to = clientAddress();
    const malformed = bounceEvent({ to: [to] });
    delete (malformed.detail as { bounce: { bouncedRecipients?: unknown } }).bounce.bouncedRecipients;
    await expect(suppressions()(malformed)).rejects.toThrow('Email Bounced event not understood');

    const runtime = env.runtime();
    const noKey = () => ({
      ...runtime,
      config: { ...runtime.config, emailHashKey: undefined, emailHashKeySecretArn: undefined },
    });
    await expect(suppressions({ runtime: noKey })(bounceEvent({ to: [to] }))).rejects.toThrow('No email hash key');

    expect(await readSuppression(env, to)).toBeUndefined();
  });
});
