/**
 * Erasing a person from the console, in two steps and a receipt, through the same use cases as
 * POST /me/erasures: the first step removes nothing; a mistyped confirmation removes nothing; the
 * confirmed one leaves nothing of theirs in the table; another therapist's session finds nothing
 * and changes nothing; an appointment still to come is listed to cancel first.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fieldId } from '#functions/console/forms.js';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { aClient } from '#test/support/steps/given.js';
import { aPractice, anAcceptedEnquiry, clientBooks, clientListsSlots, practice } from '../bookings/steps.js';
import { aWholeFootprint, hashOf, mentions, partition } from '../erasure/steps.js';

useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-erasure-page-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

async function signedInAs(therapistId: string): Promise<{ agent: ConsoleAgent; csrf: string }> {
  therapists.push(therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapistId);
  return { agent, csrf: await agent.csrf('/console/erasure') };
}

const errorBeside = (page: string, path: string): string | undefined =>
  new RegExp(`<p class="error" id="${fieldId(path)}-error">([^<]+)</p>`).exec(page)?.[1];

describe('erasing a person from the console', () => {
  it('finds, shows what goes and what stays, refuses a mistyped confirmation, erases, and gives a receipt', async () => {
    const therapist = await aPractice();
    const other = await aPractice();
    const person = aClient();
    const ids = await aWholeFootprint(therapist, person);
    const needles = [
      person.email,
      hashOf(person.email),
      ids.enquiryId,
      ids.bookingId,
      ids.invitationId,
      ids.clientId,
      ids.returnId,
    ];
    const theirs = async () => (await partition(therapist.therapistId)).filter((i) => mentions(i, needles));
    const before = (await theirs()).length;
    expect(before).toBeGreaterThan(5);

    // Another therapist's session: nothing found there, and nothing of the first therapist's changes.
    const elsewhere = await signedInAs(other.therapistId);
    const notTheirs = await elsewhere.agent.post('/console/erasure/find', {
      csrf: elsewhere.csrf,
      email: person.email,
    });
    expect(notTheirs.text).toContain('Nothing is kept about');
    expect(notTheirs.text).not.toContain('Erase their data for good');
    const forced = await elsewhere.agent.post('/console/erasure', {
      csrf: elsewhere.csrf,
      email: person.email,
      confirmEmail: person.email,
    });
    expect(forced.text).toContain('Nothing was left to remove.');
    expect((await theirs()).length).toBe(before);

    const { agent, csrf } = await signedInAs(therapist.therapistId);
    const start = await agent.get('/console/erasure');
    expect(start.status).toBe(200);
    const bad = await agent.post('/console/erasure/find', { csrf, email: 'jo@example' });
    expect(bad.status).toBe(400);
    expect(errorBeside(bad.text, 'email')).toBeDefined();

    const found = await agent.post('/console/erasure/find', { csrf, email: ` ${person.email.toUpperCase()} ` });
    expect(found.status).toBe(200);
    expect(found.text).toContain('What will be removed');
    expect(found.text).toContain('1 enquiry, with its message');
    expect(found.text).toContain('1 client record, with your notes');
    expect(found.text).toContain('1 request to come back, with its message');
    expect(found.text).toContain('What is kept, and why');
    expect((await theirs()).length).toBe(before);

    const mistyped = await agent.post('/console/erasure', {
      csrf,
      email: person.email,
      confirmEmail: `x${person.email}`,
    });
    expect(mistyped.status).toBe(400);
    expect(errorBeside(mistyped.text, 'confirmEmail')).toBe(
      'This is not the same address. Please type the address shown above.',
    );
    expect((await theirs()).length).toBe(before);

    const done = await agent.post('/console/erasure', {
      csrf,
      email: person.email,
      confirmEmail: person.email.toUpperCase(),
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Their data is erased');
    const reference = /<dt>Reference<\/dt><dd>([0-9A-Z]{26})<\/dd>/.exec(done.text)?.[1];
    expect(reference).toBeDefined();
    expect(done.text).toContain('1 enquiry, with its message');
    // The receipt names the person only by the address typed: no name, no message, no ids.
    expect(done.text).not.toContain(person.name);
    for (const id of [ids.enquiryId, ids.bookingId, ids.clientId, ids.returnId]) expect(done.text).not.toContain(id);
    expect(await theirs()).toEqual([]);
  });

  it('a person with an appointment still to come is listed to cancel first, and nothing is erased', async () => {
    const therapist = await aPractice(practice({ minimumNoticeMinutes: 0 }));
    const person = aClient();
    clock.set(new Date());
    const { token } = await anAcceptedEnquiry(therapist, person);
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    expect((await clientBooks(token, slots[3]!.start, 'Europe/London')).status).toBe(201);
    const { agent, csrf } = await signedInAs(therapist.therapistId);
    const found = await agent.post('/console/erasure/find', { csrf, email: person.email });
    expect(found.text).toContain('still to come');
    expect(found.text).toMatch(/<a href="\/console\/bookings\/[\w-]+">First consultation, /);
    expect(found.text).not.toContain('Erase their data for good');
    const anyway = await agent.post('/console/erasure', { csrf, email: person.email, confirmEmail: person.email });
    expect(anyway.text).toContain('Nothing has been erased.');
    expect((await partition(therapist.therapistId)).some((i) => mentions(i, [person.email]))).toBe(true);
  });
});
