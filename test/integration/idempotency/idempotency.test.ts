/**
 * Idempotency-Key, per caller: a retry gets the first answer and does nothing twice, but nobody else
 * who happens to send the same key ever gets that answer or a refusal because of it. Bodies are
 * compared as canonical JSON, so a retry whose fields come in another order is still a retry.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '#shared/http/idempotency-scope.js';
import { clock, handlerMode, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry } from '#test/support/steps/when.js';
import { enquiryItems, scanAll } from '#test/support/steps/then.js';

useTestEnvironment();

beforeEach(() => clock.set('2025-03-04T10:15:00Z'));

const idOf = (r: ApiReply) => r.json<{ enquiryId: string }>().enquiryId;
const reversed = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).reverse());
const erase = (therapistId: string, body: unknown, idempotencyKey: string) =>
  send({
    method: 'POST',
    path: '/me/erasures',
    as: therapistId,
    json: body,
    headers: { 'idempotency-key': idempotencyKey },
  });

describe.runIf(handlerMode)('Idempotency-Key', () => {
  describe('on a public route, where the caller has no name', () => {
    it('keeps two people who send the same key apart: each is taken, each gets their own answer', async () => {
      const therapist = await aTherapist();
      const [alex, jo] = [aClient(), aClient()];
      const idempotencyKey = 'retry-1'; // what a careless client app might send for everyone
      const first = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(alex), alex, { idempotencyKey });
      const second = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(jo), jo, { idempotencyKey });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(idOf(second)).not.toBe(idOf(first));
      expect(await enquiryItems(therapist.therapistId)).toHaveLength(2);
    });

    it('replays a retry whose fields come in another order', async () => {
      const therapist = await aTherapist();
      const client = aClient();
      const body = anEnquiryFrom(client);
      const idempotencyKey = randomUUID();
      const first = await clientSendsEnquiry(therapist.therapistId, body, client, { idempotencyKey });
      const retry = await clientSendsEnquiry(therapist.therapistId, reversed(body), client, { idempotencyKey });
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(idOf(retry)).toBe(idOf(first));
    });
  });

  describe('on a route whose caller is known', () => {
    it('keeps two therapists who send the same key apart', async () => {
      const [sam, kim] = [await aTherapist(), await aTherapist()];
      const idempotencyKey = randomUUID();
      const body = { email: `nobody-${randomUUID()}@client.test`, confirm: true };
      expect((await erase(sam.therapistId, body, idempotencyKey)).status).toBe(200);
      const other = await erase(kim.therapistId, body, idempotencyKey);
      expect(other.status).toBe(200);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
    });

    it('replays a therapist’s retry in another field order, and refuses the same key with another body', async () => {
      const therapist = await aTherapist();
      const idempotencyKey = randomUUID();
      const body = { email: `nobody-${randomUUID()}@client.test`, confirm: true };
      const first = await erase(therapist.therapistId, body, idempotencyKey);
      const retry = await erase(therapist.therapistId, reversed(body), idempotencyKey);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      const other = await erase(
        therapist.therapistId,
        { ...body, email: `someone-else-${randomUUID()}@client.test` },
        idempotencyKey,
      );
      expect(other.status).toBe(422);
      expect(other.json()).toMatchObject({ detail: expect.stringMatching(/already used with a different body/) });
    });

    it('treats the token in the path as the caller: another body under the same key is refused', async () => {
      const token = randomBytes(32).toString('base64url');
      const idempotencyKey = randomUUID();
      const action = (note: string) =>
        send({
          method: 'POST',
          path: `/actions/${token}`,
          form: { note },
          headers: { 'idempotency-key': idempotencyKey },
        });
      expect((await action('first')).status).toBe(401);
      expect((await action('second')).status).toBe(422);
    });
  });

  it('keeps no record from which a guessed body could be confirmed: no plain hash of it is stored', async () => {
    const therapist = await aTherapist();
    const email = `guessable-${randomUUID()}@client.test`;
    const body = { email, confirm: true };
    await erase(therapist.therapistId, body, randomUUID());
    const plain = [JSON.stringify(body), canonicalJson(body)].map((s) =>
      createHash('sha256').update(s).digest('base64url'),
    );
    const records = await scanAll('begins_with(pk, :p)', { ':p': 'IDEMPOTENCY#' });
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) for (const hash of plain) expect(JSON.stringify(record)).not.toContain(hash);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});
