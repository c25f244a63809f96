/**
 * What keeps the return form clean, exactly as for first contact: the honeypot, and the enquiry rate
 * limits per client address and per email — the same counters on both paths, so the limits cannot be
 * used to tell a client from a stranger either. Handler mode: the client address and clock are set.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { getRuntime } from '#shared/runtime.js';
import { clock, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { aReturnFrom, someoneAsksToReturn, therapistAddsClient } from '../clients/steps.js';

useTestEnvironment({ rateLimitPerAddressPerHour: 3, rateLimitPerEmailPerDay: 2 });

beforeEach(() => clock.set('2025-03-04T10:15:00Z'));

async function itemCount(): Promise<number> {
  const { db, config } = getRuntime();
  const { Count } = await db.send(
    new ScanCommand({ TableName: config.tableName, Select: 'COUNT', ConsistentRead: true }),
  );
  return Count ?? 0;
}

async function aPausedClientOf(therapistId: string) {
  const person = aClient();
  expect(
    (await therapistAddsClient(therapistId, { name: person.name, email: person.email, status: 'paused' })).status,
  ).toBe(201);
  return person;
}

describe.runIf(handlerMode)('return protections', () => {
  it('answers a filled honeypot with the same 202, and stores and sends nothing, known or not', async () => {
    const therapist = await aTherapist();
    const known = await aPausedClientOf(therapist.therapistId);
    const before = await itemCount();
    const answers = [];
    for (const person of [known, aClient()]) {
      const response = await someoneAsksToReturn(
        therapist.therapistId,
        aReturnFrom(person, { website: 'https://spam.example' }),
        person,
      );
      answers.push({ status: response.status, headers: response.headers, text: response.text });
    }
    expect(answers[0]).toEqual({ status: 202, headers: expect.any(Object), text: '{"status":"received"}' });
    expect(answers[1]).toEqual(answers[0]);
    expect(await itemCount()).toBe(before);
  });

  it('limits per client address per hour, counting enquiries and returns together, with Retry-After', async () => {
    const therapist = await aTherapist();
    const sourceIp = aClient().sourceIp;
    const known = await aPausedClientOf(therapist.therapistId);
    expect((await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(aClient()), { sourceIp })).status).toBe(201);
    expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(known), { sourceIp })).status).toBe(202);
    expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(aClient()), { sourceIp })).status).toBe(202);

    for (const person of [await aPausedClientOf(therapist.therapistId), aClient()]) {
      const limited = await someoneAsksToReturn(therapist.therapistId, aReturnFrom(person), { sourceIp });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe(String(45 * 60));
    }
    clock.set('2025-03-04T11:00:00Z');
    expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(aClient()), { sourceIp })).status).toBe(202);
  });

  it('limits per email per day the same way for a client and a stranger', async () => {
    const therapist = await aTherapist();
    const known = await aPausedClientOf(therapist.therapistId);
    const stranger = aClient();
    const limitedAnswers = [];
    for (const person of [known, stranger]) {
      for (let i = 0; i < 2; i++)
        expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(person), aClient())).status).toBe(202);
      const limited = await someoneAsksToReturn(therapist.therapistId, aReturnFrom(person), aClient());
      limitedAnswers.push({ status: limited.status, retryAfter: limited.headers['retry-after'], text: limited.text });
    }
    // The day window ends at midnight UTC: 13 h 45 min from 10:15.
    expect(limitedAnswers[0]).toMatchObject({ status: 429, retryAfter: String(13 * 3600 + 45 * 60) });
    expect(limitedAnswers[1]).toEqual(limitedAnswers[0]);
    // And an enquiry from the limited client's address is limited too: one allowance, not two.
    expect(
      (await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(aClient(), { email: known.email }), aClient()))
        .status,
    ).toBe(429);
  });
});
