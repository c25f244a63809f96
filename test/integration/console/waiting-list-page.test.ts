/**
 * The console's waiting-list page over HTTP: the "New on your waiting list" and "place free" emails
 * open it (after sign-in), people are listed in joining order with how long each has waited and
 * their message behind a click, and the offer, the removal and the new-client status go through the
 * same use cases as the JSON API, each showing first the email the person will get.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { aClient, type GivenTherapist } from '#test/support/steps/given.js';
import { messages } from '../bookings/steps.js';
import {
  aFullTherapist,
  personOpens,
  personPresses,
  seenOn,
  someoneWrites,
  therapistListsWaiting,
  therapistReadsNewClients,
  type EntryView,
} from '../waiting-list/steps.js';

useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-waiting-page-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

async function signedIn(therapist: GivenTherapist): Promise<{ agent: ConsoleAgent; csrf: string }> {
  therapists.push(therapist.therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapist.therapistId);
  return { agent, csrf: await agent.csrf() };
}

const entries = async (therapistId: string): Promise<EntryView[]> =>
  (await therapistListsWaiting(therapistId)).json<{ items: EntryView[] }>().items;
const linksIn = (data: unknown): string[] => JSON.stringify(data).match(/https?:\/\/[^"\s]+/g) ?? [];

describe('the waiting-list page', () => {
  it("opens from the therapist's waiting-list emails: after sign-in, back to the list", async () => {
    clock.set(new Date());
    const therapist = await aFullTherapist();
    therapists.push(therapist.therapistId);
    const jo = aClient({ name: 'Jo Waits' });
    expect((await someoneWrites(therapist, jo)).reply.status).toBe(201);
    const [fresh] = await messages('waiting-list-new', therapist.email);
    const links = linksIn(fresh!.data);
    expect(links.map((l) => new URL(l).pathname)).toEqual(['/console/waiting-list']);

    const agent = new ConsoleAgent(api.url);
    const signedOut = await agent.get('/console/waiting-list');
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toContain('/console/sign-in?returnTo=%2Fconsole%2Fwaiting-list');
    const back = await signInLocally(agent, therapist.therapistId, '/console/waiting-list');
    expect(back.location).toBe('/console/waiting-list');
    const page = await agent.get(back.location!);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('<a href="/console/waiting-list" aria-current="page">Waiting list</a>');
    expect(page.text).toContain('1. Jo Waits');

    // The person leaves while a place is offered: the "place free" email opens the same page.
    const csrf = await agent.csrf('/console/waiting-list');
    const [entry] = await entries(therapist.therapistId);
    expect((await agent.post(`/console/waiting-list/${entry!.entryId}/offer`, { csrf, note: '' })).status).toBe(303);
    const offer = (await messages('waiting-list-offer', jo.email))[0]!;
    const leave = (offer.data as { leaveUrl: string }).leaveUrl;
    expect((await personPresses(leave, seenOn(await personOpens(leave)))).status).toBe(200);
    const [free] = await messages('waiting-list-place-free', therapist.email);
    expect(linksIn(free!.data).map((l) => new URL(l).pathname)).toEqual(['/console/waiting-list']);
    expect((await agent.get('/console/waiting-list')).text).toContain('Nobody is waiting.');
  });

  it('lists people in joining order, with how long each has waited, the last check-in answer, and the message behind a click', async () => {
    const joined = new Date(Date.now() - 20 * 24 * 3600_000);
    clock.set(joined);
    const therapist = await aFullTherapist({ status: 'waiting-list' }, { waitingListCheckInWeeks: 2 });
    const first = await someoneWrites(therapist, aClient({ name: 'Ann First' }));
    clock.set(new Date(joined.getTime() + 3 * 24 * 3600_000));
    await someoneWrites(therapist, aClient({ name: 'Ben Second' }));
    clock.set(new Date());
    const { agent } = await signedIn(therapist);
    const page = (await agent.get('/console/waiting-list')).text;
    expect(page.indexOf('1. Ann First')).toBeGreaterThan(0);
    expect(page.indexOf('2. Ben Second')).toBeGreaterThan(page.indexOf('1. Ann First'));
    expect(page).toContain('<dt>Waiting</dt><dd>3 weeks, since');
    expect(page).toContain('<dt>Waiting</dt><dd>2 weeks, since');
    expect(page).toContain('No check-in yet. The first goes on');
    // The message is only behind a click: inside a details element, after its summary.
    const message = first.enquiry.message as string;
    const at = page.indexOf(message);
    expect(at).toBeGreaterThan(0);
    const opened = page.lastIndexOf("<details><summary>Read Ann First's message</summary>", at);
    expect(opened).toBeGreaterThan(0);
    expect(page.slice(opened, at)).not.toContain('</details>');
    expect(page).toContain('Weekday evenings after 6');
  });

  it('offers a place with a note, showing the email first; a second offer is a kind 409', async () => {
    clock.set(new Date());
    const therapist = await aFullTherapist();
    const jo = aClient({ name: 'Jo Offer' });
    await someoneWrites(therapist, jo);
    const { agent, csrf } = await signedIn(therapist);
    const page = (await agent.get('/console/waiting-list')).text;
    expect(page).toContain('The email Jo Offer will receive if you offer a place');
    expect(page).toContain('A place has opened with');
    expect(page).toContain('[their private link to choose a time]');
    expect(page).toContain('[their private link to leave the list]');
    expect(page).toContain('The email Jo Offer will receive if you take them off the list');
    const [entry] = await entries(therapist.therapistId);

    const long = 'x'.repeat(1001);
    const refused = await agent.post(`/console/waiting-list/${entry!.entryId}/offer`, { csrf, note: long });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Please keep your note to 1,000 characters or fewer.');
    expect(refused.text).toContain(`href="#offer-note-${entry!.entryId}"`);
    expect(refused.text).toContain(`>${long}</textarea>`);

    const offered = await agent.post(`/console/waiting-list/${entry!.entryId}/offer`, {
      csrf,
      note: 'A place has come free.',
    });
    expect(offered.location).toBe('/console/waiting-list?done=offered');
    const after = (await agent.get(offered.location!)).text;
    expect(after).toContain('The offer is on its way');
    expect(after).toContain('Place offered');
    expect(after).not.toContain(`/console/waiting-list/${entry!.entryId}/offer`);
    const [email] = await messages('waiting-list-offer', jo.email);
    expect((email!.data as { note?: string }).note).toBe('A place has come free.');

    const again = await agent.post(`/console/waiting-list/${entry!.entryId}/offer`, { csrf, note: '' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('You have already offered Jo Offer a place.');
    expect(await messages('waiting-list-offer', jo.email)).toHaveLength(1);
  });

  it('takes someone off the list with a note, and they get the kind email', async () => {
    clock.set(new Date());
    const therapist = await aFullTherapist();
    const al = aClient({ name: 'Al Remove' });
    await someoneWrites(therapist, al);
    const { agent, csrf } = await signedIn(therapist);
    const [entry] = await entries(therapist.therapistId);
    const removed = await agent.post(`/console/waiting-list/${entry!.entryId}/remove`, {
      csrf,
      note: 'I cannot see space this year.',
    });
    expect(removed.location).toBe('/console/waiting-list?done=removed');
    expect((await agent.get(removed.location!)).text).toContain('They are off your waiting list');
    const [closed] = await messages('waiting-list-closed', al.email);
    expect(closed!.data).toMatchObject({ reason: 'removed', note: 'I cannot see space this year.' });
    expect(await entries(therapist.therapistId)).toEqual([]);
    expect((await agent.post(`/console/waiting-list/${entry!.entryId}/remove`, { csrf, note: '' })).status).toBe(409);
  });

  it('switches the new-client status on the same page: open, waiting list with an expected wait, closed', async () => {
    clock.set(new Date());
    const therapist = await aFullTherapist({ status: 'open' });
    const { agent, csrf } = await signedIn(therapist);
    const page = (await agent.get('/console/waiting-list')).text;
    expect(page).toContain('Open: new enquiries come to your inbox.');
    expect(page).toMatch(/<input type="radio" name="status" value="open" checked>/);

    const bad = await agent.post('/console/waiting-list/new-clients', {
      csrf,
      status: 'waiting-list',
      expectedWaitWeeks: '500',
      note: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Please give the wait as a whole number of weeks, from 1 to 104, or leave it empty.');
    expect(bad.text).not.toContain('expectedWaitWeeks out');
    expect(bad.text).toMatch(/name="expectedWaitWeeks" type="text" value="500"/);

    const saved = await agent.post('/console/waiting-list/new-clients', {
      csrf,
      status: 'waiting-list',
      expectedWaitWeeks: '8',
      note: 'I hope to have space in the spring.',
    });
    expect(saved.location).toBe('/console/waiting-list?done=status-saved');
    expect((await therapistReadsNewClients(therapist.therapistId)).json()).toMatchObject({
      status: 'waiting-list',
      expectedWaitWeeks: 8,
      note: 'I hope to have space in the spring.',
    });
    expect((await agent.get(saved.location!)).text).toContain('You expect a wait of about 8 weeks.');

    // Back to open with the old wait and note still typed in: they do not apply, so they are not sent.
    expect(
      (
        await agent.post('/console/waiting-list/new-clients', {
          csrf,
          status: 'open',
          expectedWaitWeeks: '8',
          note: 'I hope to have space in the spring.',
        })
      ).status,
    ).toBe(303);
    const open = (await therapistReadsNewClients(therapist.therapistId)).json<Record<string, unknown>>();
    expect(open.status).toBe('open');
    expect(open).not.toHaveProperty('expectedWaitWeeks');
    expect(open).not.toHaveProperty('note');

    expect(
      (
        await agent.post('/console/waiting-list/new-clients', {
          csrf,
          status: 'closed',
          expectedWaitWeeks: '8',
          note: 'Closed until March.',
        })
      ).status,
    ).toBe(303);
    expect((await therapistReadsNewClients(therapist.therapistId)).json()).toEqual(
      expect.objectContaining({ status: 'closed', note: 'Closed until March.' }),
    );
    expect((await agent.post('/console/waiting-list/new-clients', { csrf, status: 'maybe' })).status).toBe(400);
  });
});
