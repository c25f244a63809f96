/**
 * What keeps first contact clean: the honeypot, rate limits per client address and per email, one
 * enquiry per person per therapist per day, and idempotent retries. Handler mode: these move the clock
 * and choose the client address.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode, MINUTE } from '#test/support/driver.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistListsEnquiries, therapistReadsEnquiry } from '#test/support/steps/when.js';
import {
  emailsArriveFor,
  emailsFor,
  enquiryItems,
  pendingOutboxTo,
  theOutboxIsDelivered,
} from '#test/support/steps/then.js';

useTestEnvironment({ rateLimitPerAddressPerHour: 3, rateLimitPerEmailPerDay: 2 });

beforeEach(() => clock.set('2025-03-04T10:15:00Z'));

const idOf = (r: { json<T>(): T }) => r.json<{ enquiryId: string }>().enquiryId;

async function itemCount(): Promise<number> {
  const { db, config } = getRuntime();
  const { Count } = await db.send(
    new ScanCommand({ TableName: config.tableName, Select: 'COUNT', ConsistentRead: true }),
  );
  return Count ?? 0;
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe.runIf(handlerMode)('first contact protections', () => {
  it('answers a filled honeypot like a success, and stores and sends nothing', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const before = await itemCount();
    const response = await clientSendsEnquiry(
      therapist.therapistId,
      anEnquiryFrom(client, { website: 'https://spam.example' }),
      client,
    );
    expect(response.status).toBe(201);
    expect(response.json()).toEqual({ enquiryId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'received' });
    expect(await itemCount()).toBe(before);
    expect((await therapistReadsEnquiry(therapist.therapistId, idOf(response))).status).toBe(404);
    expect(await pendingOutboxTo(client.email)).toEqual([]);
  });

  it('limits enquiries per client address per hour, with Retry-After until the window ends', async () => {
    const therapist = await aTherapist();
    const sourceIp = aClient().sourceIp;
    for (let i = 0; i < 3; i++)
      expect((await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(aClient()), { sourceIp })).status).toBe(
        201,
      );

    const limited = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(aClient()), { sourceIp });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe(String(45 * 60));
    expect(limited.json()).toMatchObject({ status: 429, detail: expect.stringMatching(/wait a little/) });

    clock.set('2025-03-04T11:00:00Z');
    expect((await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(aClient()), { sourceIp })).status).toBe(201);
  });

  it('limits enquiries per email per day, across therapists, whatever the address', async () => {
    const client = aClient();
    for (let i = 0; i < 2; i++)
      expect(
        (await clientSendsEnquiry((await aTherapist()).therapistId, anEnquiryFrom(client), aClient())).status,
      ).toBe(201);

    const limited = await clientSendsEnquiry(
      (await aTherapist()).therapistId,
      anEnquiryFrom(client, { email: client.email.toUpperCase() }),
      aClient(),
    );
    expect(limited.status).toBe(429);
    // The day window ends at midnight UTC: 13 h 45 min from 10:15.
    expect(limited.headers['retry-after']).toBe(String(13 * 3600 + 45 * 60));
  });

  it('treats the same person writing again within a day as the same enquiry: same id, one pair of emails', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const first = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
    clock.advance(3 * 60 * MINUTE);
    const again = await clientSendsEnquiry(
      therapist.therapistId,
      anEnquiryFrom(client, { email: ` ${client.email.toUpperCase()}`, name: 'Al' }),
      aClient(),
    );
    expect(again.status).toBe(201);
    expect(idOf(again)).toBe(idOf(first));
    expect(await enquiryItems(therapist.therapistId)).toHaveLength(1);

    await theOutboxIsDelivered();
    await emailsArriveFor(client.email);
    await emailsArriveFor(therapist.email);
    await settle();
    expect(await emailsFor(client.email)).toHaveLength(1);
    expect(await emailsFor(therapist.email)).toHaveLength(1);
  });

  it('takes a new enquiry from the same person after the day has passed', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const first = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
    clock.advance(DAY + MINUTE);
    const later = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
    expect(later.status).toBe(201);
    expect(idOf(later)).not.toBe(idOf(first));
    const inbox = (await therapistListsEnquiries(therapist.therapistId)).json<{ items: { enquiryId: string }[] }>();
    expect(inbox.items.map((e) => e.enquiryId)).toEqual([idOf(later), idOf(first)]);
  });

  it('answers a retry with the same Idempotency-Key and body with the first answer, doing nothing twice', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const body = anEnquiryFrom(client);
    const idempotencyKey = randomUUID();
    const first = await clientSendsEnquiry(therapist.therapistId, body, client, { idempotencyKey });
    const retry = await clientSendsEnquiry(therapist.therapistId, body, client, { idempotencyKey });
    expect(retry.status).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await enquiryItems(therapist.therapistId)).toHaveLength(1);

    await theOutboxIsDelivered();
    await emailsArriveFor(client.email);
    await emailsArriveFor(therapist.email);
    await settle();
    expect(await emailsFor(client.email)).toHaveLength(1);
    expect(await emailsFor(therapist.email)).toHaveLength(1);
  });

  // On a public route the body stands in for the nameless caller (shared/http/idempotency-scope.ts):
  // another body under the same key is another request, judged by the enquiry's own rules.
  it('takes another body under the same Idempotency-Key as a new request, still one enquiry per person per day', async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const idempotencyKey = randomUUID();
    const first = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client, { idempotencyKey });
    const other = await clientSendsEnquiry(
      therapist.therapistId,
      anEnquiryFrom(client, { message: 'something else' }),
      client,
      { idempotencyKey },
    );
    expect(other.status).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(idOf(other)).toBe(idOf(first));
    expect(await enquiryItems(therapist.therapistId)).toHaveLength(1);
  });
});
