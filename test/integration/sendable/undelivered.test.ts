/**
 * An email that cannot be sent is never only a log line. A permanent refusal (the email service
 * refuses it for good, or the message does not render) leaves an UNDELIVERED item in the therapist's
 * partition, which the console's inbox shows: which email, to whom. And a use case whose email could
 * not be shown refuses (422, naming what to change) before it tells anyone an email is on its way.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { newId } from '#shared/ids.js';
import { keys } from '#shared/store/keys.js';
import { outboxItemPut } from '#shared/store/outbox.js';
import { clock, handlerMode, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { streamEvent } from '#test/support/stream-event.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistListsEnquiries } from '#test/support/steps/when.js';
import { pendingOutbox, storedItem } from '#test/support/steps/then.js';
import {
  clientAddress,
  enquiryReceived,
  givenOutboxMessage,
  mailer,
  readOutbox,
  rejectingSender,
} from '../mailer/given.js';
import { streamRecord } from '#test/support/stream-event.js';

const env = useTestEnvironment({ rateLimitPerEmailPerDay: 100 });
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-undelivered-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

const inboxOf = async (therapistId: string, path = '/console/inbox'): Promise<string> => {
  therapists.push(therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapistId);
  const page = await agent.get(path);
  expect(page.status).toBe(200);
  return page.text;
};

describe.runIf(handlerMode)('an email that cannot be sent', () => {
  it('refused for good by the email service: an UNDELIVERED item says which email and to whom, and the inbox shows it', async () => {
    clock.set(new Date());
    const therapist = await aTherapist();
    const to = clientAddress();
    const message = enquiryReceived(to, {
      therapistId: therapist.therapistId,
      to: { email: to, name: 'Jo Marsh' },
      data: {
        clientName: 'Jo Marsh',
        therapistName: 'Sam Rivera',
        replyBy: '2026-03-05T17:00:00Z',
        timeZone: 'Europe/London',
      },
    } as never);
    await mailer(env, { sender: rejectingSender() })(streamEvent(await givenOutboxMessage(env, message)));

    expect(await readOutbox(env, message.id)).toMatchObject({ status: 'failed', errorName: 'MessageRejected' });
    const undelivered = await storedItem(keys.undelivered(therapist.therapistId, message.id));
    expect(undelivered).toMatchObject({
      entity: 'undelivered',
      outboxId: message.id,
      template: 'enquiry-received',
      recipient: 'client',
      clientName: 'Jo Marsh',
      emailHash: expect.any(String),
      reason: 'MessageRejected',
    });
    // Who, by kind and name: never the address.
    expect(JSON.stringify(undelivered)).not.toContain(to);

    const page = await inboxOf(therapist.therapistId);
    expect(page).toContain('<h2 id="undelivered">An email could not be sent</h2>');
    expect(page).toContain(
      '<strong>An email could not be sent:</strong> the acknowledgement of their enquiry to <bdi>Jo Marsh</bdi>.',
    );
    // Erasing the person removes the notice too (it holds their name).
    const page2 = await inboxOf(therapist.therapistId, '/console');
    const erased = await send({
      method: 'POST',
      path: '/me/erasures',
      as: therapist.therapistId,
      json: { email: to, confirm: true },
    });
    expect(erased.status, erased.text).toBe(200);
    expect(await storedItem(keys.undelivered(therapist.therapistId, message.id))).toBeUndefined();
    // Before it, on Today, with what waits on the therapist.
    expect(page2).toContain(
      '<a href="/console/inbox#undelivered">An email could not be sent: the acknowledgement of their enquiry to Jo Marsh</a>',
    );
  });

  it('a message its template refuses (a name of 900 characters stored before the rules): failed, recorded and shown, about the client, to the therapist', async () => {
    clock.set(new Date());
    const therapist = await aTherapist();
    const id = newId(new Date());
    const longName = `Jo ${'M'.repeat(897)}`;
    // Written as an older version would have: past outboxPut's own check.
    const put = outboxItemPut(
      env.tableName,
      {
        id,
        therapistId: therapist.therapistId,
        to: { email: therapist.email, name: 'Sam Rivera' },
        fromName: 'Threshold',
        template: 'enquiry-new',
        data: {
          therapistName: 'Sam Rivera',
          clientName: longName,
          receivedAt: '2026-03-03T10:00:00Z',
          timeZone: 'Europe/London',
          preferredContact: 'email',
          hasMessage: true,
          hasTimePreferences: false,
          acceptUrl: 'https://example.test/a',
          declineUrl: 'https://example.test/d',
          enquiryUrl: 'https://example.test/e',
        },
      } as never,
      new Date(),
    );
    await env.runtime().db.send(new TransactWriteCommand({ TransactItems: [put] }));
    const stored = await readOutbox(env, id);
    await mailer(env)(
      streamEvent(
        streamRecord(stored as unknown as Record<string, unknown> & { pk: string; sk: string }, {
          tableName: env.tableName,
        }),
      ),
    );

    expect(await readOutbox(env, id)).toMatchObject({ status: 'failed', errorName: 'MessageInvalid' });
    const undelivered = await storedItem(keys.undelivered(therapist.therapistId, id));
    expect(undelivered).toMatchObject({ template: 'enquiry-new', recipient: 'therapist', reason: 'MessageInvalid' });
    expect((undelivered!.clientName as string).length).toBeLessThanOrEqual(200);

    const page = await inboxOf(therapist.therapistId);
    expect(page).toMatch(
      /<strong>An email could not be sent:<\/strong> the new enquiry notice to you, about <bdi>Jo M+<\/bdi>\./,
    );
  });

  it('a use case whose email could not show a name refuses with 422 naming what to change, and keeps nothing', async () => {
    clock.set(new Date());
    const therapist = await aTherapist();
    // A profile written before the name rules: a display name no email can carry.
    await env.runtime().db.send(
      new PutCommand({
        TableName: env.tableName,
        Item: {
          ...keys.therapist(therapist.therapistId),
          entity: 'therapist',
          ...therapist,
          shortName: 'Sam',
          createdAt: new Date().toISOString(),
          displayName: 'S'.repeat(900),
        },
      }),
    );
    const before = (await pendingOutbox()).length;
    const client = aClient();
    const reply = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
    expect(reply.status, reply.text).toBe(422);
    expect(reply.json()).toMatchObject({
      type: 'https://threshold.dev/problems/email-unsendable',
      field: expect.stringMatching(/name/),
    });
    expect(reply.json<{ detail: string }>().detail).toMatch(
      /^Nothing was changed: the email this sends could not show .*name\. Please keep the name to 200 characters or fewer\. Please change it and try again\.$/,
    );
    expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await pendingOutbox()).length).toBe(before);
  });

  it('every name on the inbox is isolated (<bdi>), so a right-to-left name never reorders the words around it', async () => {
    clock.set(new Date());
    const therapist = await aTherapist();
    const client = aClient({ name: 'سارا احمدی' });
    expect((await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client)).status).toBe(201);
    expect(await inboxOf(therapist.therapistId)).toContain('<strong><bdi>سارا احمدی</bdi></strong>');
  });
});
