/**
 * Emails are never lost, whatever fails: the outbox item in the table is the truth, and the mailer's scheduled
 * re-drive sends what the stream could not. SES is reached through a gate on loopback that refuses
 * (503) or rejects (400) on demand; what arrived is read back from the SES emulator's mailbox.
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { deliver } from '#functions/mailer/deliver.js';
import { createMailerHandler, createRedriveHandler } from '#functions/mailer/handler.js';
import { OutboxLeases, type Lease } from '#shared/store/outbox-leases.js';
import { defaultDeliveryOptions, deliveryDeps } from '#functions/mailer/delivery.js';
import { redriveOutbox } from '#functions/mailer/redrive.js';
import { scheduledEvent } from '#infra/local/sweep-timer.js';
import { lambdaContext } from '#infra/local/stack.js';
import { startStreamPoller, type StreamPoller } from '#infra/local/stream-poller.js';
import { redriveGraceMs, redriveOffsetMs, redriveOffsetsMs } from '#shared/store/redrive-schedule.js';
import { erasureHoldItem } from '#shared/store/suppressions.js';
import { emailHash } from '#shared/store/email-hash.js';
import { resetRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { maxRedrives, outboxRetentionMs } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { emailsTo } from '#test/support/mailbox.js';
import { startSesGate, type SesGate } from '#test/support/ses-gate.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { streamEvent } from '#test/support/stream-event.js';
import { clientAddress, enquiryReceived, fastRetry, givenOutboxMessage, readOutbox } from './given.js';

const env = useTestEnvironment();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let gate: SesGate;

beforeAll(async () => {
  // Every function of this file reaches SES through the gate.
  gate = await startSesGate(env.sesEndpoint);
  process.env.SES_ENDPOINT = gate.url;
  resetRuntime();
});
afterAll(() => gate.stop());
afterEach(() => {
  gate.set('pass');
  gate.delayMs = 0;
});

const context = (): Context => ({ ...lambdaContext('test'), getRemainingTimeInMillis: () => 60_000 });
const streamMailer = createMailerHandler({ retry: fastRetry });
const mail = (event: Parameters<typeof streamMailer>[0]) => streamMailer(event, context());
const redriveHandler = createRedriveHandler({ retry: fastRetry });
/** The mailer's scheduled run, as of `at`. */
const redrive = (at: Date) => redriveHandler(scheduledEvent(at, undefined, 'redrive') as ScheduledEvent, context());
const mailbox = async (address: string) => (await emailsTo(env.sesEndpoint, address)).length;
const indexed = async (id: string) => (await readOutbox(env, id)).gsi1pk !== undefined;

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an email service outage longer than the stream retries', () => {
  let poller: StreamPoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it('leaves the emails pending, and once the service is back the re-drive sends each exactly once', {
    timeout: 60_000,
  }, async () => {
    const therapist = await aTherapist();
    const clients = Array.from({ length: 10 }, () => aClient());
    const lines: string[] = [];
    const logs = captureLogs();
    onTestFinished(() => logs.stop());
    poller = await startStreamPoller({
      tableName: env.tableName,
      dynamodbEndpoint: env.dynamodbEndpoint,
      consumer: mail,
      startAt: 'LATEST',
      intervalMs: 50,
      maxRetries: 1,
      retryBaseMs: 20,
      log: (l) => lines.push(l),
    });
    gate.set('unavailable');

    const createdAt = new Date();
    for (const client of clients)
      expect(
        (await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client, { now: createdAt })).status,
      ).toBe(201);
    // The stream tries each of the 20 emails (an acknowledgement and a notification per enquiry), then gives up on them.
    const givenUp = () =>
      lines
        .filter((l) => l.includes('DLQ'))
        .join(' ')
        .split('(seq ').length - 1;
    await until(() => givenUp() >= 20, 'the stream to give up on 20 records');
    expect(givenUp()).toBe(20);

    gate.set('pass');
    // The service is back, but nothing more comes from the stream: the records are behind it.
    await new Promise((r) => setTimeout(r, 500));
    expect(await mailbox(therapist.email)).toBe(0);

    const before = await redrive(new Date(createdAt.getTime() + redriveGraceMs - MINUTE));
    expect(before).toMatchObject({ sent: 0 });
    const after = await redrive(new Date(createdAt.getTime() + redriveGraceMs + MINUTE));
    expect(after).toMatchObject({ sent: 20, failed: 0, retried: 0 });

    for (const client of clients) expect(await mailbox(client.email)).toBe(1);
    expect(await mailbox(therapist.email)).toBe(10);
    // Nothing left to re-drive, and later runs send nothing again.
    const later = await redrive(new Date(createdAt.getTime() + 2 * DAY));
    expect(later).toMatchObject({ sent: 0, skipped: 0 });
    expect(await mailbox(therapist.email)).toBe(10);
    for (const client of clients) expect(logs.text()).not.toContain(client.email);
  });
});

describe('the stream and the re-drive reaching the same items', () => {
  it('send one email per item', { timeout: 60_000 }, async () => {
    const recipients = Array.from({ length: 12 }, () => clientAddress());
    const records = [];
    for (const to of recipients) records.push(await givenOutboxMessage(env, enquiryReceived(to)));
    const at = new Date(Date.now() + redriveGraceMs + MINUTE);
    // A slow SES keeps each send open long enough for the others to arrive at the same item.
    gate.delayMs = 100;
    const logs = captureLogs();
    onTestFinished(() => logs.stop());

    // The stream delivers the batch late, just as two overlapping scheduled runs (EventBridge may deliver twice) re-drive it.
    const [streamed, first, second] = await Promise.all([mail(streamEvent(...records)), redrive(at), redrive(at)]);
    // The stream retries what it found leased: by then it is sent.
    const retried = records.filter((r) =>
      streamed.batchItemFailures.some((f) => f.itemIdentifier === r.dynamodb!.SequenceNumber),
    );
    if (retried.length) expect(await mail(streamEvent(...retried))).toEqual({ batchItemFailures: [] });

    const byRedrive = first.sent + second.sent;
    expect(byRedrive).toBeGreaterThan(0);
    expect(byRedrive).toBeLessThan(recipients.length);
    for (const to of recipients) {
      expect(gate.requests(to)).toBe(1);
      expect(await mailbox(to)).toBe(1);
    }
    for (const record of records)
      expect((await readOutbox(env, record.dynamodb!.NewImage!.message!.M!.id!.S!)).status).toBe('sent');
  });
});

describe('an outage as long as an outbox item is kept', () => {
  it('loses nothing: attempts follow the schedule until the service is back, and the email goes once', {
    timeout: 180_000,
  }, async () => {
    const message = enquiryReceived(clientAddress());
    await givenOutboxMessage(env, message);
    const createdAt = Date.parse((await readOutbox(env, message.id)).createdAt);
    gate.set('unavailable', message.to.email);
    // SES comes back a minute before the item's retention runs out.
    const outageEnds = createdAt + outboxRetentionMs - MINUTE;

    // Sweep a minute after each attempt falls due (the schedule runs every five), with one SES call per attempt.
    const deps = await deliveryDeps(
      env.runtime(),
      { ...defaultDeliveryOptions, retry: { ...fastRetry, attempts: 1 } },
      undefined,
    );
    const refused: number[] = [];
    let sent: { at: number; attempt: number } | undefined;
    for (let at = createdAt + redriveGraceMs + MINUTE; !sent; ) {
      expect(refused.length).toBeLessThan(maxRedrives);
      if (at >= outageEnds) gate.set('pass', message.to.email);
      let next: number | undefined;
      const summary = await redriveOutbox(deps, new Date(at), {
        hasTime: () => true,
        onOutcome: (log) => void (log.nextAttemptAt && (next = Date.parse(log.nextAttemptAt))),
      });
      if (summary.sent) sent = { at, attempt: refused.length + 1 };
      else refused.push(at - createdAt);
      if (!sent) at = next! + MINUTE;
    }

    // 10, 20, 40 minutes apart, then hourly, from the item's creation (each run a minute late here, which does not add up).
    expect(refused.slice(0, 6)).toEqual(redriveOffsetsMs(6).map((offset) => offset + MINUTE));
    expect(refused.at(-1)).toBe(redriveOffsetsMs(refused.length).at(-1)! + MINUTE);
    // Sent once, within the hour (and a run) of the service coming back, and before the bound.
    expect(await mailbox(message.to.email)).toBe(1);
    expect(gate.requests(message.to.email)).toBe(sent!.attempt);
    expect(sent!.at - outageEnds).toBeLessThanOrEqual(61 * MINUTE);
    // The figures docs/operations.md quotes: refused 722 times, sent on the last attempt, 22 minutes after SES came back.
    expect(sent!.attempt).toBe(maxRedrives);
    expect(sent!.at - outageEnds).toBe(22 * MINUTE);
    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'sent', redrives: sent!.attempt });
    expect(await indexed(message.id)).toBe(false);
  });
});

describe('an email that can never be sent', () => {
  const failedLines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      // The failed-email alarm's metric filter: { $.outcome = "failed" }.
      .filter((l) => l.outcome === 'failed');

  it('ends failed after the last attempt, logs the line the alarm counts, and is left alone', async () => {
    const message = enquiryReceived(clientAddress());
    await givenOutboxMessage(env, message);
    // Everything before the last attempt has been refused already.
    await env.runtime().db.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: keys.outbox(message.id),
        UpdateExpression: 'SET redrives = :n',
        ExpressionAttributeValues: { ':n': maxRedrives - 1 },
      }),
    );
    gate.set('unavailable', message.to.email);

    const logs = captureLogs();
    const result = await redrive(new Date(Date.now() + redriveGraceMs + MINUTE)).finally(() => logs.stop());

    expect(result).toMatchObject({ failed: 1, sent: 0 });
    expect(failedLines(logs.text())).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'outbox message',
        outboxId: message.id,
        outcome: 'failed',
        via: 'redrive',
        redrive: maxRedrives,
        errorName: 'ServiceUnavailable',
      }),
    ]);
    expect(logs.text()).not.toContain(message.to.email);
    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'failed', errorName: 'ServiceUnavailable' });

    const failed = await readOutbox(env, message.id);
    expect(failed).toMatchObject({ redrives: maxRedrives });
    expect(failed.gsi1pk).toBeUndefined();
    // Kept for the retention from when it failed, with its message, for ops to send it again.
    expect(failed.ttl! * 1000).toBeGreaterThan(Date.now() + outboxRetentionMs - DAY);
    expect(failed.message.to).toBeDefined();

    // One attempt (three SES calls with the in-process retries), then never again, however long the runs go on.
    expect(gate.requests(message.to.email)).toBe(fastRetry.attempts);
    await redrive(new Date(Date.now() + 10 * DAY));
    await redrive(new Date(Date.now() + 3 * outboxRetentionMs));
    expect(gate.requests(message.to.email)).toBe(fastRetry.attempts);
    expect(await mailbox(message.to.email)).toBe(0);
  });

  it('is failed at once when SES rejects it for good, and never tried again', async () => {
    const message = enquiryReceived(clientAddress());
    await givenOutboxMessage(env, message);
    gate.set('reject', message.to.email);

    const logs = captureLogs();
    const result = await redrive(new Date(Date.now() + redriveGraceMs + MINUTE)).finally(() => logs.stop());

    expect(result).toMatchObject({ failed: 1 });
    expect(failedLines(logs.text())).toEqual([
      expect.objectContaining({ outboxId: message.id, outcome: 'failed', errorName: 'MessageRejected', redrive: 1 }),
    ]);
    expect(gate.requests(message.to.email)).toBe(1);
    await redrive(new Date(Date.now() + 10 * DAY));
    expect(gate.requests(message.to.email)).toBe(1);
    const { Item } = await env
      .runtime()
      .db.send(new GetCommand({ TableName: env.tableName, Key: keys.outbox(message.id), ConsistentRead: true }));
    expect(Item).toMatchObject({ status: 'failed', errorName: 'MessageRejected' });
  });

  it('a suppressed address is marked suppressed by the re-drive too, without a send', async () => {
    const message = enquiryReceived(clientAddress());
    await givenOutboxMessage(env, message);
    const { givenSuppressed } = await import('./given.js');
    await givenSuppressed(env, message.to.email);

    const result = await redrive(new Date(Date.now() + redriveGraceMs + MINUTE));

    expect(result).toMatchObject({ suppressed: 1 });
    expect(gate.requests(message.to.email)).toBe(0);
    expect(await indexed(message.id)).toBe(false);
  });
});

describe('a paused SES account', () => {
  it('holds every email, without failing one or blocking the stream, and sends each once when sending resumes', async () => {
    const recipients = Array.from({ length: 5 }, () => clientAddress());
    const records = [];
    for (const to of recipients) records.push(await givenOutboxMessage(env, enquiryReceived(to)));
    gate.set('paused');
    const logs = captureLogs();
    onTestFinished(() => logs.stop());

    // The stream moves on: delivering a record again at once cannot help while the account is paused.
    expect(await mail(streamEvent(...records))).toEqual({ batchItemFailures: [] });
    for (const record of records) {
      const item = await readOutbox(env, record.dynamodb!.NewImage!.message!.M!.id!.S!);
      expect(item.status).toBe('pending');
      expect(item.gsi1pk).toBeDefined();
    }
    const held = logs
      .text()
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.outcome === 'held');
    expect(held).toHaveLength(recipients.length);
    expect(held[0]).toMatchObject({ level: 'ERROR', errorName: 'SendingPausedException' });

    // While paused, a run asks SES once and leaves the rest in place.
    const asked = gate.requests();
    const paused = await redrive(new Date(Date.now() + redriveGraceMs + MINUTE));
    expect(paused).toMatchObject({ held: 1, failed: 0, sent: 0 });
    expect(gate.requests() - asked).toBe(1);

    gate.set('pass');
    const resumed = await redrive(new Date(Date.now() + DAY));
    expect(resumed.failed).toBe(0);
    for (const to of recipients) expect(await mailbox(to)).toBe(1);
    for (const record of records)
      expect((await readOutbox(env, record.dynamodb!.NewImage!.message!.M!.id!.S!)).status).toBe('sent');
  });
});

describe('an erasure while an email waits for the re-drive', () => {
  it('holds the email for as long as the re-drive may still send it', async () => {
    const message = enquiryReceived(clientAddress());
    // Queued a little over 30 days ago, during an outage that has lasted ever since; the therapist
    // erased the person the moment it was queued. This run makes the re-drive's last attempt.
    const queuedAt = new Date(Date.now() - redriveOffsetMs(maxRedrives) - MINUTE);
    const { db, config } = env.runtime();
    await db.send(new TransactWriteCommand({ TransactItems: [outboxPut(env.runtime().store, message, queuedAt)] }));
    await db.send(
      new PutCommand({
        TableName: env.tableName,
        Item: erasureHoldItem(emailHash(config.emailHashKey!, message.to.email), message.therapistId, queuedAt),
      }),
    );
    await db.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: keys.outbox(message.id),
        UpdateExpression: 'SET redrives = :n',
        ExpressionAttributeValues: { ':n': maxRedrives - 1 },
      }),
    );

    const result = await redrive(new Date());

    expect(result).toMatchObject({ suppressed: 1, sent: 0 });
    expect(gate.requests(message.to.email)).toBe(0);
    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'suppressed' });
  });
});

describe('a send whose record fails at first', () => {
  it('is recorded on a second try, so the re-drive never sends it again', async () => {
    const message = enquiryReceived(clientAddress());
    const record = await givenOutboxMessage(env, message);
    const { db } = env.runtime();
    class FlakyLeases extends OutboxLeases {
      failures = 1;
      override async markSent(lease: Lease, now: Date, providerMessageId: string): Promise<boolean> {
        if (this.failures-- > 0)
          throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
        return super.markSent(lease, now, providerMessageId);
      }
    }
    // An invocation at its deadline: its lease runs out two seconds from now.
    const deps = {
      ...(await deliveryDeps(env.runtime(), { ...defaultDeliveryOptions, retry: fastRetry }, Date.now())),
      leases: new FlakyLeases(db, env.tableName),
    };

    expect(await deliver(record, deps, {})).toBe('sent');
    await new Promise((r) => setTimeout(r, 2_500));
    await redrive(new Date(Date.now() + redriveGraceMs + MINUTE));

    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'sent' });
    expect(gate.requests(message.to.email)).toBe(1);
    expect(await mailbox(message.to.email)).toBe(1);
  });
});
