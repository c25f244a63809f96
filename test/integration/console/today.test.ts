/**
 * Today, the console's home: one of each thing that waits on the therapist is listed once, with how
 * long it has waited, linking to where it is acted on, and is gone once acted on; today's sessions
 * show how the client meets.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { CalendarProblem } from '#shared/calendars/calendar-problem.js';
import { replaceBusyCalendars } from '#shared/use-cases/calendars/busy-calendars.js';
import { syncDueBusyCalendars } from '#shared/use-cases/calendars/sync-busy-calendars.js';
import { DAY, HOUR, clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { aPractice, anAcceptedEnquiry, clientBooks, clientListsSlots, practice } from '../bookings/steps.js';

const env = useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-today-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

/** The "Waiting on you" list's items: each link's text and the age line under it. */
function waitingItems(page: string): { label: string; href: string; age: string }[] {
  const list = /<h2 id="waiting">Waiting on you<\/h2>\s*<ul class="items"[^>]*>([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
  return [...list.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>\s*<p class="muted small">Waiting ([^.]+)\./g)].map(
    (m) => ({ href: m[1]!, label: m[2]!.replace(/&#39;|&rsquo;/g, '’'), age: m[3]! }),
  );
}

describe('Today', () => {
  it('lists each thing waiting on the therapist once, with its age, and each is gone once acted on', {
    timeout: 60_000,
  }, async () => {
    const realNow = Date.now();
    const ttlDays = env.runtime().config.settings.invitationTtlDays;

    // A waiting-list place offered long enough ago that it ends within three days.
    clock.set(new Date(realNow - (ttlDays - 1) * DAY));
    const therapist = await aPractice(
      practice({ minimumNoticeMinutes: 0, horizonDays: 60, requiresConfirmation: true }),
    );
    therapists.push(therapist.therapistId);
    const as = therapist.therapistId;
    expect((await send({ method: 'PUT', path: '/me/new-clients', as, json: { status: 'waiting-list' } })).status).toBe(
      200,
    );
    const joined = await send({
      method: 'POST',
      path: `/therapists/${as}/enquiries`,
      json: { name: 'Kim', email: `kim-${as}@client.test`, consent: true },
    });
    expect(joined.json<{ status: string }>().status).toBe('waiting-list');
    const [entry] = (await send({ method: 'GET', path: '/me/waiting-list', as })).json<{
      items: { entryId: string }[];
    }>().items;
    expect(
      (await send({ method: 'POST', path: `/me/waiting-list/${entry!.entryId}/offer`, as, json: {} })).status,
    ).toBe(200);
    expect((await send({ method: 'PUT', path: '/me/new-clients', as, json: { status: 'open' } })).status).toBe(200);

    // A new enquiry three days old.
    clock.set(new Date(realNow - 3 * DAY));
    const enquiry = await send({
      method: 'POST',
      path: `/therapists/${as}/enquiries`,
      json: { name: 'Jo', email: `jo-${as}@client.test`, consent: true },
    });
    const enquiryId = enquiry.json<{ enquiryId: string }>().enquiryId;

    // A return request two days old.
    clock.set(new Date(realNow - 2 * DAY));
    const bo = `bo-${as}@client.test`;
    expect(
      (await send({ method: 'POST', path: '/me/clients', as, json: { name: 'Bo', email: bo, status: 'paused' } }))
        .status,
    ).toBe(201);
    expect(
      (
        await send({
          method: 'POST',
          path: `/therapists/${as}/returns`,
          json: { name: 'Bo', email: bo, message: 'I am ready.', consent: true },
        })
      ).status,
    ).toBe(202);

    // A booking request five hours old, for a time a few days ahead.
    clock.set(new Date(realNow - 5 * HOUR));
    const { token } = await anAcceptedEnquiry(therapist);
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    const ahead = slots.find((s) => Date.parse(s.start) > realNow + 2 * DAY)!;
    const booked = await clientBooks(token, ahead.start, 'Europe/London');
    expect(booked.status).toBe(201);
    const bookingId = booked.json<{ bookingId: string }>().bookingId;

    // A busy calendar whose address answers 404.
    clock.set(new Date(realNow));
    await replaceBusyCalendars(
      env.runtime(),
      as,
      [{ label: 'Home', url: 'https://calendar.example.org/gone.ics' }],
      new Date(realNow),
    );
    await syncDueBusyCalendars(env.runtime(), new Date(realNow + 60_000), async () => {
      throw new CalendarProblem('http-error', 404);
    });

    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, as);
    const page = await agent.get('/console');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<a href="\/console" aria-current="page">Today<\/a>/);
    const items = waitingItems(page.text);
    expect(items.map((i) => i.href)).toEqual([
      '/console/waiting-list',
      `/console/enquiries/${enquiryId}`,
      expect.stringMatching(/^\/console\/returns\//),
      `/console/bookings/${bookingId}`,
      '/console/calendar',
    ]);
    expect(items.map((i) => i.age)).toEqual([
      `${ttlDays - 1} days`,
      '3 days',
      '2 days',
      '5 hours',
      'less than an hour',
    ]);
    expect(items[0]!.label).toContain('The place you offered Kim ends');
    expect(items[1]!.label).toBe('New enquiry from Jo');
    expect(items[2]!.label).toBe('Bo would like to come back');
    expect(items[4]!.label).toContain('Home');
    expect(page.text).toContain('(404)');

    // Acted on, each is gone.
    const csrf = await agent.csrf();
    expect((await agent.post(`/console/enquiries/${enquiryId}/accept`, { csrf })).status).toBe(303);
    expect((await agent.post(`${items[2]!.href}/decline`, { csrf })).status).toBe(303);
    expect((await agent.post(`/console/bookings/${bookingId}/confirm`, { csrf })).status).toBe(303);
    const calendarId = /\/console\/calendar\/busy\/([\w-]+)\/remove/.exec(
      (await agent.get('/console/calendar')).text,
    )![1]!;
    expect((await agent.post(`/console/calendar/busy/${calendarId}/remove`, { csrf })).status).toBe(303);
    expect(
      (await send({ method: 'POST', path: `/me/waiting-list/${entry!.entryId}/remove`, as, json: {} })).status,
    ).toBe(200);
    const after = await agent.get('/console');
    expect(waitingItems(after.text)).toEqual([]);
    expect(after.text).toContain('Nothing is waiting on you.');
  });

  it("shows today's and tomorrow's sessions with how the client meets", async () => {
    clock.set(new Date());
    const therapist = await aPractice(practice({ minimumNoticeMinutes: 0, horizonDays: 60 }));
    therapists.push(therapist.therapistId);
    const { token } = await anAcceptedEnquiry(therapist);
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    const tomorrowStart = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const soon = slots.find((s) => new Date(s.start).toISOString().slice(0, 10) === tomorrowStart) ?? slots[0]!;
    expect((await clientBooks(token, soon.start, 'Europe/London')).status).toBe(201);
    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, therapist.therapistId);
    const page = (await agent.get('/console')).text;
    expect(page).toMatch(/First consultation, (video call|phone call|in person)/);
  });
});
