/**
 * The console pages for what was API-only: the therapist's public details (crisis lines, embedding
 * websites, addresses to copy) and calendars (the feed and the busy calendars), each through the same
 * use case and schema as its /me route: errors beside the field, what was typed kept, and what is
 * saved read back through the use case the API answers from.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldId } from '#functions/console/forms.js';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { readBusyCalendars } from '#shared/use-cases/calendars/busy-calendars.js';
import { readCalendarFeed } from '#shared/use-cases/calendars/calendar-feed.js';
import { readPublicProfile } from '#shared/use-cases/profile/public-profile.js';
import { clock } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import { aPractice } from '../bookings/steps.js';

const env = useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-practice-pages-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

async function signedIn(): Promise<{ therapist: GivenTherapist; agent: ConsoleAgent; csrf: string }> {
  clock.set(new Date());
  const therapist = await aPractice();
  therapists.push(therapist.therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapist.therapistId);
  return { therapist, agent, csrf: await agent.csrf() };
}

const errorBeside = (page: string, path: string): string | undefined =>
  new RegExp(`<p class="error" id="${fieldId(path)}-error">([^<]+)</p>`).exec(page)?.[1];

describe('your public details', () => {
  it('shows the contact and return page addresses to copy, and the embed code', async () => {
    const { therapist, agent } = await signedIn();
    const page = await agent.get('/console/profile');
    expect(page.status).toBe(200);
    const profile = await readPublicProfile(env.runtime(), therapist.therapistId);
    expect(page.text).toContain(`value="${profile.contactPageUrl}"`);
    expect(page.text).toContain(`value="${profile.returnPageUrl}"`);
    expect(page.text).toContain('&lt;iframe src=&quot;');
    expect(page.text).toMatch(/<a href="\/console\/profile" aria-current="page">/);
  });

  it('saves own crisis lines and embedding websites; a half-filled line and a bad website are said beside their fields', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const bad = await agent.post('/console/profile', {
      csrf,
      crisisSource: 'own',
      'crisisSupport.region': 'Ireland',
      'crisisSupport.lines.0.name': 'Samaritans Ireland',
      'crisisSupport.lines.0.detail': 'call 116 123, free, day or night',
      'crisisSupport.lines.1.name': '',
      'crisisSupport.lines.1.detail': 'text 50808',
      'embedOrigins.0': 'https://www.example.org/contact',
    });
    expect(bad.status).toBe(400);
    expect(errorBeside(bad.text, 'crisisSupport.lines.1.name')).toContain('Please give each crisis line a name');
    expect(errorBeside(bad.text, 'embedOrigins.0')).toContain('origin only');
    expect(bad.text).toContain('value="text 50808"');
    expect((await readPublicProfile(env.runtime(), therapist.therapistId)).crisisSupportSource).toBe('deployment');

    const saved = await agent.post('/console/profile', {
      csrf,
      crisisSource: 'own',
      'crisisSupport.region': 'Ireland',
      'crisisSupport.lines.0.name': 'Samaritans Ireland',
      'crisisSupport.lines.0.detail': 'call 116 123, free, day or night',
      'crisisSupport.lines.1.name': 'Text About It',
      'crisisSupport.lines.1.detail': 'text HELLO to 50808',
      'embedOrigins.0': 'https://www.example.org',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/console/profile?done=saved');
    const profile = await readPublicProfile(env.runtime(), therapist.therapistId);
    expect(profile.crisisSupport).toEqual({
      region: 'Ireland',
      lines: [
        { name: 'Samaritans Ireland', detail: 'call 116 123, free, day or night' },
        { name: 'Text About It', detail: 'text HELLO to 50808' },
      ],
    });
    expect(profile.embedOrigins).toEqual(['https://www.example.org']);
    const shown = await agent.get('/console/profile?done=saved');
    expect(shown.text).toContain('Saved.');
    expect(shown.text).toContain('value="text HELLO to 50808"');

    // Back to the deployment's lines: own ones are no longer used.
    await agent.post('/console/profile', {
      csrf,
      crisisSource: 'deployment',
      'embedOrigins.0': 'https://www.example.org',
    });
    expect((await readPublicProfile(env.runtime(), therapist.therapistId)).crisisSupportSource).toBe('deployment');
  });
});

describe('calendars', () => {
  it('shows the feed address and how to add it; saves what it shows; a new address replaces the old one at once', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const now = new Date();
    const page = await agent.get('/console/calendar');
    expect(page.status).toBe(200);
    const feed = await readCalendarFeed(env.runtime(), therapist.therapistId, now);
    expect(page.text).toContain(`value="${feed.url}"`);
    for (const app of ['Google Calendar', 'Apple Calendar', 'Outlook']) expect(page.text).toContain(app);
    expect(page.text).toContain('The old address stops working at once');

    const none = await agent.post('/console/calendar/feed', { csrf });
    expect(none.status).toBe(400);
    expect(errorBeside(none.text, 'shows')).toBe('Please choose what the feed shows.');
    const shows = await agent.post('/console/calendar/feed', { csrf, shows: 'first-name' });
    expect(shows.location).toBe('/console/calendar?done=shows');
    expect((await readCalendarFeed(env.runtime(), therapist.therapistId, now)).shows).toBe('first-name');

    const rotated = await agent.post('/console/calendar/feed/rotate', { csrf });
    expect(rotated.location).toBe('/console/calendar?done=rotated');
    const after = await readCalendarFeed(env.runtime(), therapist.therapistId, now);
    expect(after.url).not.toBe(feed.url);
    const shown = await agent.get('/console/calendar?done=rotated');
    expect(shown.text).toContain(`value="${after.url}"`);
    expect(shown.text).not.toContain(feed.url);
  });

  it('adds a busy calendar, refuses a private address beside the field keeping what was typed, and removes one', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const refused = await agent.post('/console/calendar/busy', {
      csrf,
      label: 'Home',
      url: 'https://10.1.2.3/cal.ics',
    });
    expect(refused.status).toBe(400);
    expect(errorBeside(refused.text, 'url')).toContain('private network');
    expect(refused.text).toContain('value="Home"');
    const empty = await agent.post('/console/calendar/busy', { csrf, label: '', url: '' });
    expect(errorBeside(empty.text, 'label')).toContain('a name you will recognise');

    const added = await agent.post('/console/calendar/busy', {
      csrf,
      label: 'Home',
      url: 'webcal://calendar.example.org/private-abc/basic.ics',
    });
    expect(added.location).toBe('/console/calendar?done=added');
    const [home] = await readBusyCalendars(env.runtime(), therapist.therapistId);
    expect(home).toMatchObject({
      label: 'Home',
      url: 'https://calendar.example.org/private-abc/basic.ics',
      status: 'waiting',
    });
    const listed = await agent.get('/console/calendar');
    expect(listed.text).toContain('Not read yet.');
    const twice = await agent.post('/console/calendar/busy', {
      csrf,
      label: 'Again',
      url: 'https://calendar.example.org/private-abc/basic.ics',
    });
    expect(errorBeside(twice.text, 'url')).toContain('already in the list');

    const removed = await agent.post(`/console/calendar/busy/${home!.calendarId}/remove`, { csrf });
    expect(removed.location).toBe('/console/calendar?done=removed');
    expect(await readBusyCalendars(env.runtime(), therapist.therapistId)).toEqual([]);
  });
});
