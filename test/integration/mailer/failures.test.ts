import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { OutboxLeases } from '#shared/store/outbox-leases.js';
import { keys } from '#shared/store/keys.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { emailsTo, waitForEmails } from '#test/support/mailbox.js';
import { streamEvent } from '#test/support/stream-event.js';
import {
  clientAddress,
  enquiryReceived,
  givenOutboxMessage,
  givenSuppressed,
  mailer,
  readOutbox,
  realSender,
  rejectingSender,
  throttlingSender,
} from './given.js';

const env = useTestEnvironment();
const sequenceOf = (record: { dynamodb?: { SequenceNumber?: string } }) => record.dynamodb!.SequenceNumber!;

describe('mailer: throttling', () => {
  it('rides out throttling with backoff: one email, nothing lost', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const sender = throttlingSender(realSender(env), 2);

    const result = await mailer(env, { sender })(streamEvent(await givenOutboxMessage(env, message)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sender.calls).toBe(3);
    expect(await waitForEmails(env.sesEndpoint, to)).toHaveLength(1);
    expect((await readOutbox(env, message.id)).status).toBe('sent');
  });

  it('hands a persistently throttled record back to the stream, pending, and a later delivery sends it', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const record = await givenOutboxMessage(env, message);
    const sender = throttlingSender(realSender(env), Number.POSITIVE_INFINITY);

    const result = await mailer(env, { sender })(streamEvent(record));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(record) }] });
    expect(sender.calls).toBe(3);
    const released = await readOutbox(env, message.id);
    expect(released.status).toBe('pending');
    expect(released.leaseUntil).toBeUndefined();
    expect(released.message.data).toBeDefined();
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(0);

    // Lambda delivers the failed record again; SES has calmed down.
    expect(await mailer(env)(streamEvent(record))).toEqual({ batchItemFailures: [] });
    expect(await waitForEmails(env.sesEndpoint, to)).toHaveLength(1);
    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('reports only the records that did not finish', async () => {
    const [first, throttled, last] = [clientAddress(), clientAddress(), clientAddress()];
    const records = [
      await givenOutboxMessage(env, enquiryReceived(first)),
      await givenOutboxMessage(env, enquiryReceived(throttled)),
      await givenOutboxMessage(env, enquiryReceived(last)),
    ];
    const sender = throttlingSender(realSender(env), Number.POSITIVE_INFINITY, throttled);

    const result = await mailer(env, { sender })(streamEvent(...records));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(records[1]!) }] });
    expect(await emailsTo(env.sesEndpoint, first)).toHaveLength(1);
    expect(await emailsTo(env.sesEndpoint, last)).toHaveLength(1);

    // Lambda retries from the failed record onwards: the one after it is not sent twice.
    expect(await mailer(env)(streamEvent(records[1]!, records[2]!))).toEqual({ batchItemFailures: [] });
    for (const to of [first, throttled, last]) expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(1);
  });
});

describe('mailer: permanent problems', () => {
  it('marks a rejected message failed with the error name only, and does not fail the batch', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const record = await givenOutboxMessage(env, message);

    const result = await mailer(env, { sender: rejectingSender() })(streamEvent(record));

    expect(result).toEqual({ batchItemFailures: [] });
    const item = await readOutbox(env, message.id);
    expect(item).toMatchObject({ status: 'failed', errorName: 'MessageRejected' });
    expect(JSON.stringify({ ...item, message: undefined })).not.toContain(to);

    // A redelivery leaves a failed item alone.
    expect(await mailer(env)(streamEvent(record))).toEqual({ batchItemFailures: [] });
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(0);
  });

  it('marks a message it cannot render failed, without retrying', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to, {
      data: { clientName: 'Alex', therapistName: 'Sam Rivera', replyBy: 'soon', timeZone: 'Europe/London' },
    } as never);

    const result = await mailer(env)(streamEvent(await givenOutboxMessage(env, message)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'failed', errorName: 'MessageInvalid' });
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(0);
  });

  it('does not send to a suppressed address', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to.toUpperCase());
    await givenSuppressed(env, to);
    const sender = throttlingSender(realSender(env), 0);

    const result = await mailer(env, { sender })(streamEvent(await givenOutboxMessage(env, message)));

    expect(result).toEqual({ batchItemFailures: [] });
    expect(sender.calls).toBe(0);
    const item = await readOutbox(env, message.id);
    expect(item.status).toBe('suppressed');
    expect(Object.keys(item.message).sort()).toEqual(['id', 'template', 'therapistId']);
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(0);
  });
});

describe('mailer: leases', () => {
  it('leaves an item leased by a live invocation alone, and asks for the record again', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const record = await givenOutboxMessage(env, message);
    await new OutboxLeases(env.runtime().db, env.tableName).claim(keys.outbox(message.id), new Date(), 60_000);

    const result = await mailer(env)(streamEvent(record));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(record) }] });
    expect(await emailsTo(env.sesEndpoint, to)).toHaveLength(0);
  });

  it('takes over an item whose holder timed out, once its lease has run out', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const record = await givenOutboxMessage(env, message);
    await env.runtime().db.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: keys.outbox(message.id),
        UpdateExpression: 'SET #status = :sending, leaseUntil = :past',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':past': Date.now() - 1000 },
      }),
    );

    expect(await mailer(env)(streamEvent(record))).toEqual({ batchItemFailures: [] });
    expect(await waitForEmails(env.sesEndpoint, to)).toHaveLength(1);
  });

  it('frees its claim when something unexpected goes wrong, so the retry can send at once', async () => {
    const to = clientAddress();
    const message = enquiryReceived(to);
    const record = await givenOutboxMessage(env, message);
    const broken = { send: () => Promise.reject(new TypeError('something odd')) };

    expect(await mailer(env, { sender: broken })(streamEvent(record))).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceOf(record) }],
    });
    expect((await readOutbox(env, message.id)).status).toBe('pending');

    expect(await mailer(env)(streamEvent(record))).toEqual({ batchItemFailures: [] });
    expect(await waitForEmails(env.sesEndpoint, to)).toHaveLength(1);
  });
});
