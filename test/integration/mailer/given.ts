/** Steps shared by the mailer's integration tests: real outbox items, stream records and senders. */
import { randomUUID } from 'node:crypto';
import { TooManyRequestsException, MessageRejected } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { EmailSender } from '#shared/email/email-sender.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { createSesSender } from '#shared/email/ses-sender.js';
import { emailHash } from '#shared/store/email-hash.js';
import { keys } from '#shared/store/keys.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import { newId } from '#shared/ids.js';
import { createMailerHandler, type MailerDeps } from '#functions/mailer/handler.js';
import type { TestEnvironment } from '#test/support/environment.js';
import { streamRecord } from '#test/support/stream-event.js';

export const clientAddress = () => `${randomUUID()}@client.test`;

export function enquiryReceived(to = clientAddress(), overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id: newId(new Date()),
    therapistId: 'therapist-1',
    to: { email: to, name: 'Alex Morgan' },
    fromName: 'Sam Rivera',
    template: 'enquiry-received',
    data: {
      clientName: 'Alex Morgan',
      therapistName: 'Sam Rivera',
      replyBy: '2025-11-28T17:00:00Z',
      timeZone: 'Europe/London',
    },
    ...overrides,
  } as OutboxMessage;
}

/** Writes the message the way use cases do (a transaction), and returns its INSERT stream record. */
export async function givenOutboxMessage(env: TestEnvironment, message: OutboxMessage): Promise<DynamoDBRecord> {
  const { db } = env.runtime();
  await db.send(new TransactWriteCommand({ TransactItems: [outboxPut(env.runtime().store, message, new Date())] }));
  const stored = await readOutbox(env, message.id);
  return streamRecord(stored as unknown as Record<string, unknown> & { pk: string; sk: string }, {
    tableName: env.tableName,
  });
}

export async function readOutbox(env: TestEnvironment, id: string): Promise<OutboxItem & Record<string, unknown>> {
  const { Item } = await env
    .runtime()
    .db.send(new GetCommand({ TableName: env.tableName, Key: keys.outbox(id), ConsistentRead: true }));
  return Item as OutboxItem & Record<string, unknown>;
}

export async function givenSuppressed(env: TestEnvironment, address: string): Promise<void> {
  const key = env.runtime().config.emailHashKey!;
  await env.runtime().db.send(
    new PutCommand({
      TableName: env.tableName,
      Item: { ...keys.suppression(emailHash(key, address)), entity: 'suppression', reason: 'bounce' },
    }),
  );
}

export const realSender = (env: TestEnvironment): EmailSender =>
  createSesSender({ region: 'eu-west-2', endpoint: env.sesEndpoint });

const throttle = () =>
  new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });

/** Throttles the first `times` sends (to `only`, if given), then delegates. */
export function throttlingSender(delegate: EmailSender, times: number, only?: string): EmailSender & { calls: number } {
  let throttled = 0;
  const sender = {
    calls: 0,
    async send(email: Parameters<EmailSender['send']>[0]) {
      sender.calls++;
      if ((only === undefined || email.to.includes(only)) && throttled < times) {
        throttled++;
        throw throttle();
      }
      return delegate.send(email);
    },
  };
  return sender;
}

/** SES refusing the message, with an error message that names the address (as SES's do). */
export const rejectingSender = (): EmailSender => ({
  async send(email) {
    throw new MessageRejected({
      message: `Email address is not verified: ${email.to.join(', ')}`,
      $metadata: { httpStatusCode: 400 },
    });
  },
});

export const fastRetry: MailerDeps['retry'] = {
  attempts: 3,
  baseDelayMs: 5,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

export function mailer(
  env: TestEnvironment,
  overrides: Partial<Omit<MailerDeps, 'sender'>> & { sender?: EmailSender } = {},
) {
  const { sender, ...rest } = overrides;
  const handler = createMailerHandler({ retry: fastRetry, ...rest, sender: () => sender ?? realSender(env) });
  return (event: Parameters<typeof handler>[0]) =>
    handler(event, { getRemainingTimeInMillis: () => 30_000 } as Context);
}
