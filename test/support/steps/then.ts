/**
 * `then` steps: what the world looks like afterwards — emails read back from the SES emulator, and
 * (handler mode) items in the test table. In handler mode nothing streams the table, so
 * `theOutboxIsDelivered` plays the stream: it feeds pending outbox items to the mailer as stream records.
 */
import { randomUUID } from 'node:crypto';
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { getRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { wholeMessage } from '#shared/email/stored-invite.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { emailsTo, waitForEmails, type ReceivedEmail } from '../mailbox.js';
import { handlerMode, lambdaContext } from '../driver.js';

const mailbox = (): string => {
  const url = handlerMode ? process.env.SES_ENDPOINT : process.env.THRESHOLD_MAILBOX_URL;
  if (!url)
    throw new Error(
      handlerMode ? 'SES_ENDPOINT is not set: call useTestEnvironment()' : 'THRESHOLD_MAILBOX_URL is not set',
    );
  return url;
};

/** Every item of the test table matching the filter (tests only: production code never scans). */
export async function scanAll(
  filter: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
): Promise<Record<string, unknown>[]> {
  const { db, config } = getRuntime();
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: config.tableName,
        FilterExpression: filter,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
        ...(names ? { ExpressionAttributeNames: names } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const storedPendingOutbox = async (): Promise<OutboxItem[]> =>
  (await scanAll(
    'entity = :outbox AND #status = :pending',
    { ':outbox': 'outbox', ':pending': 'pending' },
    { '#status': 'status' },
  )) as unknown as OutboxItem[];

/** Pending outbox items, each message's data as its template reads it (a booking invite whole: stored-invite.ts). */
export const pendingOutbox = async (): Promise<OutboxItem[]> =>
  (await storedPendingOutbox()).map((o) => ({
    ...o,
    message: wholeMessage(o.message, getRuntime().config.settings.senderEmail),
  }));

/** Outbox items addressed to `email` and not sent yet (the mailer drops a message's data once sent). */
export const pendingOutboxTo = async (email: string): Promise<OutboxItem[]> =>
  (await pendingOutbox()).filter((o) => o.message.to.email === email);

let sequence = 1;

/** Plays the table stream for pending outbox items; over HTTP the local stack's poller does this. */
export async function theOutboxIsDelivered(): Promise<number> {
  if (!handlerMode) return 0;
  const pending = await storedPendingOutbox();
  if (pending.length === 0) return 0;
  const records: DynamoDBRecord[] = pending.map((item) => ({
    eventID: randomUUID(),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-2:000000000000:table/test/stream/2025-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshall({ pk: item.pk, sk: item.sk }) as Record<string, AttributeValue>,
      NewImage: marshall(item, { removeUndefinedValues: true }) as Record<string, SdkAttributeValue> as Record<
        string,
        AttributeValue
      >,
      SequenceNumber: String(sequence++).padStart(21, '0'),
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  }));
  const { handler } = await import('#functions/mailer/handler.js');
  const event: DynamoDBStreamEvent = { Records: records };
  const result = await handler(event, lambdaContext('mailer'));
  if (result && result.batchItemFailures.length > 0)
    throw new Error(`The mailer left ${result.batchItemFailures.length} message(s) unsent`);
  return records.length;
}

export const emailsArriveFor = (address: string, count = 1): Promise<ReceivedEmail[]> =>
  waitForEmails(mailbox(), address, count);

export const emailsFor = (address: string): Promise<ReceivedEmail[]> => emailsTo(mailbox(), address);

/**
 * The therapist's email about one client (client names are unique per test; over HTTP a therapist's
 * mailbox holds every earlier test's mail too). `nth` 0 is the notification, 1 the nudge.
 */
export async function emailAbout(
  therapistEmail: string,
  clientName: string,
  nth = 0,
  timeoutMs = 10_000,
): Promise<ReceivedEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await emailsTo(mailbox(), therapistEmail)).filter((e) => (e.body.text ?? '').includes(clientName));
    if (found[nth]) return found[nth]!;
    if (Date.now() > deadline) throw new Error(`Expected email ${nth + 1} about ${clientName}, found ${found.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The whole email as a reader could see it: subject, text and HTML. */
export const wholeEmail = (email: ReceivedEmail): string =>
  [email.subject, email.body.text ?? '', email.body.html ?? ''].join('\n');

/** The one-click links in a therapist's email: each follows its label (Accept, Decline) in the text part. */
export function actionLinksIn(email: ReceivedEmail): { accept: string; decline: string } {
  const text = email.body.text ?? '';
  const after = (label: string): string => {
    const found = new RegExp(`${label}:?\\s+(https?://\\S+/actions/[A-Za-z0-9_-]+)`).exec(text)?.[1];
    if (!found) throw new Error(`No ${label} link in the email`);
    return found;
  };
  return { accept: after('Accept'), decline: after('Decline') };
}

/** An item by key, as stored (handler mode). */
export async function storedItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const { db, config } = getRuntime();
  const { Item } = await db.send(new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true }));
  return Item;
}

export const storedEnquiry = (therapistId: string, enquiryId: string) =>
  storedItem(keys.enquiry(therapistId, enquiryId));

export const enquiryItems = async (therapistId: string): Promise<Record<string, unknown>[]> =>
  scanAll('entity = :enquiry AND therapistId = :t', { ':enquiry': 'enquiry', ':t': therapistId });
