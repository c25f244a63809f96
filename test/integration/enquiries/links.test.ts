/**
 * One-click links: a GET only describes (mail scanners prefetch), a POST acts once. Reused and
 * expired links answer 410, altered ones 401, and an action that no longer applies 409 — each a page,
 * with nothing changed and nothing sent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode, send } from '#test/support/driver.js';
import {
  aClient,
  aTherapist,
  anEnquiryFrom,
  type GivenClient,
  type GivenTherapist,
} from '#test/support/steps/given.js';
import {
  clientSendsEnquiry,
  pathOf,
  someoneOpensLink,
  therapistAccepts,
  therapistConfirmsLink,
  therapistDeclines,
  therapistListsEnquiries,
  therapistReadsEnquiry,
} from '#test/support/steps/when.js';
import {
  actionLinksIn,
  emailAbout,
  emailsArriveFor,
  emailsFor,
  pendingOutboxTo,
  theOutboxIsDelivered,
} from '#test/support/steps/then.js';

useTestEnvironment();

beforeEach(() => clock.set('2025-03-04T10:00:00Z'));

interface Scene {
  therapist: GivenTherapist;
  client: GivenClient;
  enquiryId: string;
  links: { accept: string; decline: string };
}

async function aNotifiedTherapist(): Promise<Scene> {
  const therapist = await aTherapist();
  const client = aClient();
  const response = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
  await theOutboxIsDelivered();
  const notification = await emailAbout(therapist.email, client.name);
  await emailsArriveFor(client.email);
  return {
    therapist,
    client,
    enquiryId: response.json<{ enquiryId: string }>().enquiryId,
    links: actionLinksIn(notification),
  };
}

const statusOf = async (s: Scene) =>
  (await therapistReadsEnquiry(s.therapist.therapistId, s.enquiryId)).json<{ status: string }>().status;

/** Nothing new reached the client: only the acknowledgement, and nothing waiting in the outbox. */
async function expectNothingSentTo(client: GivenClient): Promise<void> {
  if (handlerMode) expect(await pendingOutboxTo(client.email)).toEqual([]);
  await theOutboxIsDelivered();
  await new Promise((r) => setTimeout(r, 300));
  expect(await emailsFor(client.email)).toHaveLength(1);
}

describe('one-click links', () => {
  it('never acts on a GET, however often the link is fetched', async () => {
    const scene = await aNotifiedTherapist();
    for (let i = 0; i < 3; i++) {
      expect((await someoneOpensLink(scene.links.accept)).status).toBe(200);
      expect((await someoneOpensLink(scene.links.decline)).status).toBe(200);
    }
    expect(await statusOf(scene)).toBe('received');
    await expectNothingSentTo(scene.client);
    const page = (await someoneOpensLink(scene.links.accept)).text;
    expect(page).toContain('<form method="post">');
    expect(page).toContain('<label for="note">');
  });

  it('answers a link used a second time with 410, doing nothing', async () => {
    const scene = await aNotifiedTherapist();
    expect((await therapistConfirmsLink(scene.links.accept)).status).toBe(200);
    await theOutboxIsDelivered();
    await emailsArriveFor(scene.client.email, 2);

    for (const reuse of [() => therapistConfirmsLink(scene.links.accept), () => someoneOpensLink(scene.links.accept)]) {
      const response = await reuse();
      expect(response.status).toBe(410);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('This link has already been used.');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await emailsFor(scene.client.email)).toHaveLength(2);
  });

  it.runIf(handlerMode)('answers an expired link with 410, doing nothing', async () => {
    const scene = await aNotifiedTherapist();
    clock.advance(14 * DAY + 1);
    for (const response of [
      await someoneOpensLink(scene.links.decline),
      await therapistConfirmsLink(scene.links.decline, 'Sorry'),
    ]) {
      expect(response.status).toBe(410);
      expect(response.text).toContain('This link has expired.');
    }
    clock.set('2025-03-04T12:00:00Z');
    expect(await statusOf(scene)).toBe('received');
    await expectNothingSentTo(scene.client);
  });

  it('answers an altered or unknown link with 401, doing nothing', async () => {
    const scene = await aNotifiedTherapist();
    const token = pathOf(scene.links.accept).split('/').pop()!;
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const path of [`/actions/${altered}`, '/actions/not-a-token', `/actions/${'x'.repeat(200)}`]) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await send({ method, path, ...(method === 'POST' ? { form: {} } : {}) });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.text).toContain('This link is not valid.');
      }
    }
    expect(await statusOf(scene)).toBe('received');
    await expectNothingSentTo(scene.client);
  });

  it('answers an action that no longer applies with a 409 page, and sends nothing', async () => {
    const scene = await aNotifiedTherapist();
    expect((await therapistDeclines(scene.therapist.therapistId, scene.enquiryId)).status).toBe(200);
    await theOutboxIsDelivered();
    await emailsArriveFor(scene.client.email, 2);

    const page = await someoneOpensLink(scene.links.accept);
    expect(page.status).toBe(409);
    expect(page.text).toContain('already declined');
    const post = await therapistConfirmsLink(scene.links.accept, 'Welcome');
    expect(post.status).toBe(409);
    expect(post.text).toContain('already declined');
    expect(await statusOf(scene)).toBe('declined');
    await theOutboxIsDelivered();
    await new Promise((r) => setTimeout(r, 300));
    expect(await emailsFor(scene.client.email)).toHaveLength(2);
    // The link was not spent by the refused action.
    expect((await therapistConfirmsLink(scene.links.accept)).status).toBe(409);
  });

  it('escapes what goes into the page and refuses an over-long note', async () => {
    const therapist = await aTherapist();
    const client = aClient({ name: '<img src=x onerror=alert(1)>' });
    await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
    await theOutboxIsDelivered();
    const { accept } = actionLinksIn(await emailAbout(therapist.email, client.name));
    const page = await someoneOpensLink(accept);
    expect(page.text).not.toContain('<img');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const tooLong = await therapistConfirmsLink(accept, 'n'.repeat(1001));
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('1,000 characters or fewer');
  });
});

describe('another therapist', () => {
  it('cannot see or act on an enquiry that is not theirs: 404, nothing changes', async () => {
    const scene = await aNotifiedTherapist();
    const other = await aTherapist({}, 1);
    expect((await therapistReadsEnquiry(other.therapistId, scene.enquiryId)).status).toBe(404);
    expect((await therapistAccepts(other.therapistId, scene.enquiryId)).status).toBe(404);
    expect((await therapistDeclines(other.therapistId, scene.enquiryId, 'no')).status).toBe(404);
    const inbox = (await therapistListsEnquiries(other.therapistId)).json<{ items: { enquiryId: string }[] }>();
    expect(inbox.items.map((e) => e.enquiryId)).not.toContain(scene.enquiryId);
    expect(await statusOf(scene)).toBe('received');
    await expectNothingSentTo(scene.client);
  });

  it('needs a bearer token: 401 without one', async () => {
    const response = await send({ method: 'GET', path: '/me/enquiries' });
    expect(response.status).toBe(401);
  });
});
