/**
 * The therapist's pages read as the therapist would: a first consultation the client cancelled,
 * who has an invitation still open on the clients list, and a return request whose words about the
 * client agree with each other and with where the client stands now.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import {
  aPractice,
  anAcceptedEnquiry,
  clientBooks,
  clientCancels,
  clientListsSlots,
  messages,
  practice,
  tokenOf,
} from '../bookings/steps.js';

useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-therapist-side-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

async function signedIn(
  settings = practice({
    minimumNoticeMinutes: 0,
    horizonDays: 60,
    requiresConfirmation: false,
    cancellationNoticeHours: 0,
  }),
): Promise<{ therapist: GivenTherapist; agent: ConsoleAgent; csrf: string }> {
  clock.set(new Date());
  const therapist = await aPractice(settings);
  therapists.push(therapist.therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapist.therapistId);
  return { therapist, agent, csrf: await agent.csrf() };
}

/** The text of a page's definition list, row by row: "Now: …", "On a break since: …". */
const rows = (page: string): string[] =>
  [...page.matchAll(/<dt>([^<]+)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe('a first consultation the client cancelled', () => {
  it('offers the therapist nothing to invite them to again', async () => {
    const { therapist, agent } = await signedIn();
    const { client, token, enquiryId } = await anAcceptedEnquiry(therapist);
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    const booked = await clientBooks(token, slots[1]!.start, 'Europe/London');
    expect(booked.status).toBe(201);
    const { bookingId } = booked.json<{ bookingId: string }>();
    const confirmed = (await messages('booking-confirmed', client.email))[0]!;
    expect(
      (await clientCancels(tokenOf((confirmed.data as { manageUrl: string }).manageUrl), 'Something came up')).status,
    ).toBe(200);

    const page = (await agent.get(`/console/bookings/${bookingId}`)).text;
    expect(page).toContain(`Cancelled by ${client.name}.`);
    // What is true instead: they choose again from the invitation they hold, or write again.
    expect(page).toMatch(
      new RegExp(
        `${client.name} can choose another time from the invitation they already have, until [^<]+\\. There is nothing you need to send\\.|The invitation you sent ${client.name} has ended\\. If they would like to meet, they can write to you again`,
      ),
    );
    const enquiry = (await agent.get(`/console/enquiries/${enquiryId}`)).text;
    for (const [label, text] of [
      ['booking', page],
      ['enquiry', enquiry],
    ] as const) {
      expect(text, label).not.toMatch(/invite[^<]*again|again[^<]*invit/i);
      expect(text, label).not.toMatch(/<form[^>]*action="[^"]*invite/);
    }
  });
});

describe('the clients list', () => {
  it('shows who has an open invitation, and when its link lapses, until they book from it', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const email = `ivy-${therapist.therapistId}@client.test`;
    expect(
      (await agent.post('/console/clients', { csrf, name: 'Ivy', email, status: 'active', sessionLengthMinutes: '' }))
        .status,
    ).toBe(303);
    const before = (await agent.get('/console/clients')).text;
    expect(before).not.toContain('Invited to book');
    const clientId = /\/console\/clients\/([\w-]+)\/invite/.exec(before)![1]!;

    expect((await agent.post(`/console/clients/${clientId}/invite`, { csrf })).status).toBe(303);
    const invitation = (await messages('session-invitation', email))[0]!;
    const { invitationExpiresAt, bookingUrl } = invitation.data as { invitationExpiresAt: string; bookingUrl: string };
    const listed = (await agent.get('/console/clients')).text;
    expect(listed).toMatch(
      /Invited to book on [A-Z][a-z]+day \d+ [A-Z][a-z]+, not booked yet\. Their link lapses on [^<]+\(London time\)\./,
    );
    expect(listed).toContain('<span class="tag">Invited</span>');
    expect(listed).toContain('Send Ivy a fresh invitation');
    const json = await send({ method: 'GET', path: '/me/clients', as: therapist.therapistId });
    expect(
      json
        .json<{ items: { clientId: string; openInvitation?: { expiresAt: string } }[] }>()
        .items.find((c) => c.clientId === clientId)!.openInvitation,
    ).toMatchObject({ expiresAt: invitationExpiresAt });

    // Once booked from it, the invitation is no longer open.
    const token = tokenOf(bookingUrl);
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    expect((await clientBooks(token, slots[0]!.start, 'Europe/London')).status).toBe(201);
    const after = (await agent.get('/console/clients')).text;
    expect(after).not.toContain('Invited to book');
    expect(after).toContain('Invite Ivy to book a session');
  });
});

describe('a return request', () => {
  it('of a client who is active again says so, with no break beside it', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const email = `ro-${therapist.therapistId}@client.test`;
    // On a break since today, then back: the record keeps when the break began.
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          json: { name: 'Ro', email, status: 'paused' },
        })
      ).status,
    ).toBe(201);
    const clientId = /\/console\/clients\/([\w-]+)\/resume/.exec((await agent.get('/console/clients')).text)![1]!;
    expect((await agent.post(`/console/clients/${clientId}/resume`, { csrf })).status).toBe(303);
    expect(
      (
        await send({
          method: 'POST',
          path: `/therapists/${therapist.therapistId}/returns`,
          json: { name: 'Ro', email, consent: true },
        })
      ).status,
    ).toBe(202);
    const returnPath = /href="(\/console\/returns\/[\w-]+)"/.exec((await agent.get('/console/inbox')).text)![1]!;
    const shown = rows((await agent.get(returnPath)).text);
    expect(shown).toContain('Now: An active client: seeing you now');
    expect(shown.filter((r) => /^(On a break since|Expected back|Work ended|Time away):/.test(r))).toEqual([]);
    expect(shown.join('\n')).not.toMatch(/0 days/);
  });

  it('of a client on a break says where they stand now, even after it changed', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const email = `sky-${therapist.therapistId}@client.test`;
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          json: { name: 'Sky', email, status: 'paused', lastSessionOn: '2025-01-10', expectedReturn: '2099-01-01' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send({
          method: 'POST',
          path: `/therapists/${therapist.therapistId}/returns`,
          json: { name: 'Sky', email, consent: true },
        })
      ).status,
    ).toBe(202);
    const returnPath = /href="(\/console\/returns\/[\w-]+)"/.exec((await agent.get('/console/inbox')).text)![1]!;
    const paused = rows((await agent.get(returnPath)).text);
    expect(paused).toContain('Now: On a break');
    expect(paused.some((r) => r.startsWith('On a break since: '))).toBe(true);
    expect(paused).toContain('Expected back: Thursday 1 January 2099');
    expect(paused.some((r) => /^Time away: \d+ months?$/.test(r))).toBe(true);

    // The therapist says they are back: the request's page follows.
    const clientId = /\/console\/clients\/([\w-]+)\/resume/.exec((await agent.get('/console/clients')).text)![1]!;
    expect((await agent.post(`/console/clients/${clientId}/resume`, { csrf })).status).toBe(303);
    const active = rows((await agent.get(returnPath)).text);
    expect(active).toContain('Now: An active client: seeing you now');
    expect(active.filter((r) => /^(On a break since|Expected back|Time away):/.test(r))).toEqual([]);
    expect(active.some((r) => r.startsWith('Last session: '))).toBe(true);
  });
});
