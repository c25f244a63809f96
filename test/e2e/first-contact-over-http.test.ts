/**
 * End to end over HTTP, as in `npm run dev`: the local API server over the real handlers with the
 * JWT authorizer's behaviour, the stream poller delivering outbox INSERTs to the real mailer, and the
 * SES emulator. Nothing is called directly: a person's enquiry goes in over HTTP, the emails arrive
 * through the stream, the therapist signs in with a bearer token and accepts from the email's link,
 * and the client's invitation page opens.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, type Capability } from '#shared/manifest/routes.js';
import { startApiServer, type RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey, signTherapistToken, verifyBearer, type LocalSigningKey } from '#infra/local/jwt.js';
import { loadHandler, type ApiHandler } from '#infra/local/stack.js';
import { startStreamPoller, type StreamPoller } from '#infra/local/stream-poller.js';
import { putTherapist } from '#shared/store/therapists.js';
import { useTestEnvironment } from '../support/environment.js';
import { waitForEmails, type ReceivedEmail } from '../support/mailbox.js';

const env = useTestEnvironment();
let api: RunningApiServer;
let poller: StreamPoller;
let key: LocalSigningKey;

const therapist = {
  therapistId: `e2e-${randomUUID()}`,
  displayName: 'Sam Rivera',
  shortName: 'Sam',
  email: `sam-${randomUUID()}@therapist.test`,
  timeZone: 'Europe/London',
  createdAt: new Date().toISOString(),
};
const client = {
  name: 'Jo',
  email: `jo-${randomUUID()}@client.test`,
  message: `I have not been sleeping ${randomUUID()}`,
};

const linkIn = (email: ReceivedEmail, path: 'actions' | 'book', nth = 0): string => {
  const links = [...(email.body.text ?? '').matchAll(new RegExp(`https?://\\S+/${path}/([A-Za-z0-9_-]{43})`, 'g'))].map(
    (m) => m[1]!,
  );
  return links[nth] ?? '';
};

beforeAll(async () => {
  const runtime = env.runtime();
  await putTherapist(runtime.db, env.tableName, therapist);
  key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-e2e-')), 'jwt-key.json'));
  const handlers = new Map<Capability, ApiHandler>();
  for (const capability of capabilities) {
    const handler = await loadHandler(capability);
    if (handler) handlers.set(capability, handler);
  }
  api = await startApiServer({
    port: 0,
    handlerFor: async (capability) => handlers.get(capability),
    verify: async (authorization) => verifyBearer(authorization, { key }),
    log: () => undefined,
  });
  const mailer = await loadHandler('mailer');
  if (!mailer) throw new Error('functions/mailer/handler.ts is missing');
  poller = await startStreamPoller({
    tableName: env.tableName,
    dynamodbEndpoint: env.dynamodbEndpoint,
    consumer: mailer,
    startAt: 'TRIM_HORIZON',
    intervalMs: 100,
    log: () => undefined,
  });
});

afterAll(async () => {
  await poller?.stop();
  await api?.stop();
});

describe('first contact over HTTP, through the stream and the mailer', () => {
  it('enquiry → both emails → therapist reads it signed in → accepts from the email → invitation page', async () => {
    const sent = await fetch(`${api.url}/therapists/${therapist.therapistId}/enquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ name: client.name, email: client.email, message: client.message, consent: true }),
    });
    expect(sent.status).toBe(201);
    const { enquiryId } = (await sent.json()) as { enquiryId: string };

    // The stream poller hands both outbox items to the mailer; neither email carries the message.
    const [ack] = await waitForEmails(env.sesEndpoint, client.email, 1, 15_000);
    const [notice] = await waitForEmails(env.sesEndpoint, therapist.email, 1, 15_000);
    expect(ack!.subject).toBe('Your message to Sam Rivera');
    expect(notice!.subject).toBe('New enquiry');
    for (const email of [ack!, notice!]) expect(JSON.stringify(email.body)).not.toContain(client.message);

    // The therapist reads it behind sign-in; without a token the authorizer answers 401.
    expect((await fetch(`${api.url}/me/enquiries/${enquiryId}`)).status).toBe(401);
    const token = await signTherapistToken(therapist.therapistId, { expiresIn: '1h', key });
    const read = await fetch(`${api.url}/me/enquiries/${enquiryId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ enquiryId, status: 'received', message: client.message });

    // The Accept link opens a page that does nothing until its button is pressed.
    const accept = linkIn(notice!, 'actions');
    const page = await fetch(`${api.url}/actions/${accept}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(
      (await (
        await fetch(`${api.url}/me/enquiries/${enquiryId}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as object,
    ).toMatchObject({ status: 'received' });
    const acted = await fetch(`${api.url}/actions/${accept}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'note=Glad+you+wrote',
    });
    expect(acted.status).toBe(200);

    // The client is invited to book; the link opens the booking page.
    const [, accepted] = await waitForEmails(env.sesEndpoint, client.email, 2, 15_000);
    const invitation = linkIn(accepted!, 'book');
    expect(invitation).not.toBe('');
    const book = await fetch(`${api.url}/book/${invitation}`);
    expect(book.status).toBe(200);
    expect(await book.text()).toContain('Sam Rivera');
    // A second press of the used link is refused kindly, and nothing more is sent.
    expect((await fetch(`${api.url}/actions/${accept}`, { method: 'POST' })).status).toBe(410);
  });
});
