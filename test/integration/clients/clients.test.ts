/**
 * Bringing in existing clients, listing them, and their lifecycle through the API: active → paused →
 * active, → ended; duplicates refused with a kind 409; bad input answered with field paths; another
 * therapist sees nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '#shared/store/keys.js';
import { clock } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist } from '#test/support/steps/given.js';
import { storedItem } from '#test/support/steps/then.js';
import {
  call,
  therapistAddsClient,
  therapistEndsClient,
  therapistListsClients,
  therapistPausesClient,
  therapistResumesClient,
} from './steps.js';

useTestEnvironment();

// Monday 2 March 2026, 09:00 in London.
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

interface ClientJson {
  clientId: string;
  name: string;
  email: string;
  status: string;
  statusHistory: { status: string; at: string; expectedReturn?: string }[];
  [more: string]: unknown;
}

const person = () => {
  const c = aClient();
  return { name: c.name, email: c.email };
};

describe('bringing in clients', () => {
  it('adds active and paused clients, lists them in order and by status, with their dates', async () => {
    const therapist = await aTherapist();
    const active = person();
    const paused = person();
    const a = await therapistAddsClient(therapist.therapistId, {
      ...active,
      status: 'active',
      sessionLengthMinutes: 60,
      firstContactOn: '2024-05-01',
    });
    expect(a.status).toBe(201);
    expect(a.json()).toMatchObject({
      name: active.name,
      email: active.email,
      status: 'active',
      source: 'brought-in',
      sessionLengthMinutes: 60,
      firstContactAt: '2024-04-30T23:00:00.000Z',
    });
    expect(a.json()).not.toHaveProperty('emailHash');
    const p = await therapistAddsClient(therapist.therapistId, {
      ...paused,
      email: paused.email.toUpperCase(),
      status: 'paused',
      expectedReturn: '2026-04-20',
      lastSessionOn: '2026-01-15',
    });
    expect(p.status).toBe(201);
    expect(p.json()).toMatchObject({
      email: paused.email,
      status: 'paused',
      pausedAt: '2026-03-02T09:00:00.000Z',
      expectedReturn: '2026-04-20',
      lastSessionAt: '2026-01-15T00:00:00.000Z',
      statusHistory: [{ status: 'paused', at: '2026-03-02T09:00:00.000Z', expectedReturn: '2026-04-20' }],
    });

    const all = await therapistListsClients(therapist.therapistId);
    expect(all.status).toBe(200);
    expect(all.json<{ items: ClientJson[] }>().items.map((c) => [c.name, c.status])).toEqual([
      [active.name, 'active'],
      [paused.name, 'paused'],
    ]);
    expect(
      (await therapistListsClients(therapist.therapistId, 'status=paused'))
        .json<{ items: ClientJson[] }>()
        .items.map((c) => c.name),
    ).toEqual([paused.name]);
    expect(
      (await therapistListsClients(therapist.therapistId, 'status=ended')).json<{ items: ClientJson[] }>().items,
    ).toEqual([]);
  });

  it('refuses the same person twice (any case) with a kind 409 naming the existing record', async () => {
    const therapist = await aTherapist();
    const client = person();
    const first = await therapistAddsClient(therapist.therapistId, { ...client, status: 'active' });
    const again = await therapistAddsClient(therapist.therapistId, {
      name: 'Someone Else',
      email: ` ${client.email.toUpperCase()} `,
      status: 'paused',
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.json()).toMatchObject({
      status: 409,
      clientId: first.json<ClientJson>().clientId,
      detail: expect.stringMatching(/already one of your clients/),
    });
    expect((await therapistListsClients(therapist.therapistId)).json<{ items: ClientJson[] }>().items).toHaveLength(1);

    // The same person may be a client of another therapist too.
    expect((await therapistAddsClient((await aTherapist()).therapistId, { ...client, status: 'active' })).status).toBe(
      201,
    );
  });

  it('answers bad input with 400s that name each field, never a 5xx', async () => {
    const therapist = await aTherapist();
    const cases: [unknown, string][] = [
      [{ email: 'a@b.test', status: 'active' }, 'name'],
      [{ name: 'A', email: 'not an email', status: 'active' }, 'email'],
      [{ name: 'A', email: 'a@b.test', status: 'ended' }, 'status'],
      [{ name: 'A', email: 'a@b.test', status: 'active', sessionLengthMinutes: 5 }, 'sessionLengthMinutes'],
      [{ name: 'A', email: 'a@b.test', status: 'active', expectedReturn: '2026-05-01' }, 'expectedReturn'],
      [{ name: 'A', email: 'a@b.test', status: 'paused', expectedReturn: '1 May' }, 'expectedReturn'],
      [{ name: 'A', email: 'a@b.test', status: 'paused', expectedReturn: '2026-03-01' }, 'expectedReturn'],
      [{ name: 'A', email: 'a@b.test', status: 'active', lastSessionOn: '2026-12-01' }, 'lastSessionOn'],
      [{ name: 'A\nB', email: 'a@b.test', status: 'active' }, 'name'],
      [{ name: 'A', email: 'a@b.test', status: 'active', phone: '1' }, 'phone'],
    ];
    for (const [body, path] of cases) {
      const response = await therapistAddsClient(therapist.therapistId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = response.json<{ errors: { path: string; message: string }[] }>();
      expect(
        problem.errors.map((e) => e.path),
        JSON.stringify(body),
      ).toContain(path);
      expect(problem.errors.every((e) => e.message.length > 10)).toBe(true);
    }
    const query = await therapistListsClients(therapist.therapistId, 'status=gone');
    expect(query.status).toBe(400);
    expect(query.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('query.status');
    expect(
      (
        await call({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          body: '{"name":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          body: 'name=A',
          headers: { 'content-type': 'text/plain' },
        })
      ).status,
    ).toBe(415);
    expect((await call({ method: 'GET', path: '/me/clients' })).status).toBe(401);
    expect((await therapistListsClients(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('keeps each therapist to their own clients: another therapist sees an empty list and gets 404s', async () => {
    const therapist = await aTherapist();
    const other = await aTherapist();
    const { clientId } = (
      await therapistAddsClient(therapist.therapistId, { ...person(), status: 'active' })
    ).json<ClientJson>();
    expect((await therapistListsClients(other.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await therapistPausesClient(other.therapistId, clientId)).status).toBe(404);
    expect((await therapistEndsClient(other.therapistId, clientId)).status).toBe(404);
    expect((await therapistResumesClient(other.therapistId, clientId)).status).toBe(404);
    expect((await therapistPausesClient(therapist.therapistId, 'no such id!')).status).toBe(404);
    expect(await storedItem(keys.client(therapist.therapistId, clientId))).toMatchObject({ status: 'active' });
  });
});

describe('the client lifecycle', () => {
  it('active → paused → active → ended, each change dated; impossible changes are 409s', async () => {
    const therapist = await aTherapist();
    const { clientId } = (
      await therapistAddsClient(therapist.therapistId, { ...person(), status: 'active' })
    ).json<ClientJson>();

    clock.set('2026-03-03T10:00:00Z');
    const paused = await therapistPausesClient(therapist.therapistId, clientId, {
      expectedReturn: '2026-04-01',
      note: 'Moving house',
    });
    expect(paused.status).toBe(200);
    expect(paused.json()).toMatchObject({
      client: {
        status: 'paused',
        pausedAt: '2026-03-03T10:00:00.000Z',
        expectedReturn: '2026-04-01',
        pauseNote: 'Moving house',
      },
      bookingsInside: [],
    });
    const twice = await therapistPausesClient(therapist.therapistId, clientId);
    expect(twice.status).toBe(409);
    expect(twice.json()).toMatchObject({ clientStatus: 'paused', detail: expect.stringMatching(/on a break/) });
    expect((await therapistPausesClient(therapist.therapistId, clientId, { expectedReturn: 'soon' })).status).toBe(400);

    clock.set('2026-03-20T10:00:00Z');
    const back = await therapistResumesClient(therapist.therapistId, clientId);
    expect(back.status).toBe(200);
    expect(back.json()).toMatchObject({
      status: 'active',
      resumedAt: '2026-03-20T10:00:00.000Z',
      pausedAt: '2026-03-03T10:00:00.000Z',
    });
    expect(back.json()).not.toHaveProperty('expectedReturn');
    expect((await therapistResumesClient(therapist.therapistId, clientId)).status).toBe(409);

    clock.set('2026-06-01T10:00:00Z');
    const ended = await therapistEndsClient(therapist.therapistId, clientId, { note: 'Finished our work together' });
    expect(ended.status).toBe(200);
    expect(ended.json<{ client: ClientJson }>().client).toMatchObject({
      status: 'ended',
      endedAt: '2026-06-01T10:00:00.000Z',
      endNote: 'Finished our work together',
    });
    expect(ended.json<{ client: ClientJson }>().client.statusHistory.map((h) => [h.status, h.at])).toEqual([
      ['active', '2026-03-02T09:00:00.000Z'],
      ['paused', '2026-03-03T10:00:00.000Z'],
      ['active', '2026-03-20T10:00:00.000Z'],
      ['ended', '2026-06-01T10:00:00.000Z'],
    ]);
    expect((await therapistEndsClient(therapist.therapistId, clientId)).status).toBe(409);
    expect((await therapistPausesClient(therapist.therapistId, clientId)).status).toBe(409);
    expect(
      (await therapistListsClients(therapist.therapistId, 'status=ended'))
        .json<{ items: ClientJson[] }>()
        .items.map((c) => c.clientId),
    ).toEqual([clientId]);
  });
});
