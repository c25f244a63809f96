/**
 * The console's forms over HTTP, each through the same use case as the API: errors the API would
 * report at a field path are shown beside that field and the page keeps what was typed; what
 * succeeds lands on a page that says so. Acting a second time on what has moved on is a kind 409.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldId } from '#functions/console/forms.js';
import { defaultPracticeSettings, type PracticeSettings } from '#shared/domain/practice-settings.js';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import {
  aPractice,
  anAcceptedEnquiry,
  clientBooks,
  clientListsSlots,
  everySettingSet,
  messages,
  practice,
  weekdays,
} from '../bookings/steps.js';

useTestEnvironment();
let api: RunningApiServer;
const therapists: string[] = [];

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-pages-')), 'jwt-key.json'));
  api = await startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key }));
});
afterAll(() => api?.stop());

/** A practice with weekday hours (no notice, so times come at once), signed in. */
async function signedIn(
  settings = practice({ minimumNoticeMinutes: 0, horizonDays: 60 }),
): Promise<{ therapist: GivenTherapist; agent: ConsoleAgent; csrf: string }> {
  clock.set(new Date());
  const therapist = await aPractice(settings, weekdays('Europe/London'));
  therapists.push(therapist.therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapist.therapistId);
  return { therapist, agent, csrf: await agent.csrf() };
}

/** The text of the error shown beside the field for `path`. */
const errorBeside = (page: string, path: string): string | undefined =>
  new RegExp(`<p class="error" id="${fieldId(path)}-error">([^<]+)</p>`).exec(page)?.[1];

async function aRequest(therapist: GivenTherapist): Promise<{ bookingId: string; clientEmail: string }> {
  const { client, token } = await anAcceptedEnquiry(therapist);
  const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
  const booked = await clientBooks(token, slots[2]!.start, 'Europe/London');
  expect(booked.status).toBe(201);
  return { bookingId: booked.json<{ bookingId: string }>().bookingId, clientEmail: client.email };
}

describe('availability', () => {
  it("shows the API's field errors beside the periods that caused them, keeping what was typed", async () => {
    const { agent, csrf } = await signedIn();
    const sent = await agent.post('/console/availability/hours', {
      csrf,
      timeZone: 'Europe/London',
      'weekly.mon.0.start': '09:00',
      'weekly.mon.0.end': '13:00',
      // A blank row between: the error still names the row the therapist typed in.
      'weekly.mon.2.start': '12:00',
      'weekly.mon.2.end': '15:00',
      'weekly.tue.0.start': '9am',
      'weekly.tue.0.end': '17:00',
    });
    expect(sent.status).toBe(400);
    expect(errorBeside(sent.text, 'weekly.mon.2.start')).toContain('Monday: 12:00–15:00 overlaps 09:00–13:00');
    expect(errorBeside(sent.text, 'weekly.tue.0.start')).toContain('HH:MM on the 24-hour clock');
    expect(sent.text).toContain('There are 2 things to fix');
    expect(sent.text).toContain(`href="#${fieldId('weekly.mon.2.start')}"`);
    expect(sent.text).toMatch(/name="weekly\.tue\.0\.start" type="text" value="9am"/);
  });

  it("offers the likely time zones first, the therapist's own leading, then every zone once", async () => {
    const { agent } = await signedIn();
    const page = (await agent.get('/console/availability')).text;
    const select = /<select id="f-timeZone" name="timeZone"[^>]*>([\s\S]*?)<\/select>/.exec(page)![1]!;
    const options = [...select.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
    expect(select.startsWith('<optgroup label="Likely time zones">')).toBe(true);
    expect(options.slice(0, 3)).toEqual(['Europe/London', 'Europe/Dublin', 'America/New_York']);
    expect(new Set(options).size).toBe(options.length);
    expect(options.length).toBeGreaterThan(300);
    expect(select.match(/ selected/g)).toHaveLength(1);
    expect(select).toContain('<option value="Europe/London" selected>');
  });

  it('saves several periods a day, and a date override that can be removed', async () => {
    const { agent, csrf } = await signedIn();
    const saved = await agent.post('/console/availability/hours', {
      csrf,
      timeZone: 'Europe/London',
      'weekly.wed.0.start': '09:00',
      'weekly.wed.0.end': '12:00',
      'weekly.wed.1.start': '14:00',
      'weekly.wed.1.end': '18:00',
    });
    expect(saved.status).toBe(303);
    const page = await agent.get(saved.location!);
    expect(page.text).toContain('Your weekly hours are saved');
    expect(page.text).toMatch(/name="weekly\.wed\.1\.end" type="text" value="18:00"/);
    expect(page.text).not.toMatch(/name="weekly\.mon\.0\.start" type="text" value="09:00"/);

    const date = DateTime.now().setZone('Europe/London').plus({ days: 10 }).toISODate()!;
    const past = await agent.post('/console/availability/overrides', { csrf, date: '2020-01-01' });
    expect(past.status).toBe(400);
    expect(errorBeside(past.text, 'date')).toContain('has passed');
    const closed = await agent.post('/console/availability/overrides', { csrf, date });
    expect(closed.status).toBe(303);
    expect((await agent.get('/console/availability')).text).toContain(': closed');
    const removed = await agent.post(`/console/availability/overrides/${date}/delete`, { csrf });
    expect(removed.location).toBe('/console/availability?done=override-removed');
    expect((await agent.post(`/console/availability/overrides/${date}/delete`, { csrf })).status).toBe(404);
  });

  it('booking settings: numbers that are not numbers, and a length no period fits, are said beside the field', async () => {
    const { agent, csrf } = await signedIn();
    const page = await agent.get('/console/settings');
    const form = Object.fromEntries(
      [...page.text.matchAll(/name="([^"]+)" type="text" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    const base = {
      ...form,
      csrf,
      'consultation.mode.kind': 'video',
      startIntervalMinutes: '30',
      requiresConfirmation: 'yes',
    };
    const words = await agent.post('/console/settings', { ...base, horizonDays: 'six weeks' });
    expect(words.status).toBe(400);
    expect(errorBeside(words.text, 'horizonDays')).toBe('Please enter a whole number, like 30.');
    const tooLong = await agent.post('/console/settings', { ...base, sessionLengthMinutes: '600' });
    expect(errorBeside(tooLong.text, 'sessionLengthMinutes')).toBe('A session can be at most 240 minutes.');
    // Weekly hours of one hour a day fit no 90-minute session.
    expect(
      (
        await agent.post('/console/availability/hours', {
          csrf,
          timeZone: 'Europe/London',
          'weekly.mon.0.start': '09:00',
          'weekly.mon.0.end': '10:00',
        })
      ).status,
    ).toBe(303);
    const noFit = await agent.post('/console/settings', { ...base, sessionLengthMinutes: '90' });
    expect(noFit.status).toBe(400);
    expect(errorBeside(noFit.text, 'sessionLengthMinutes')).toContain('does not fit in any of your working periods');
    const ok = await agent.post('/console/settings', {
      ...base,
      sessionLengthMinutes: '45',
      reminderOffsetsHours: '24, 2',
      dailyLimit: '',
    });
    expect(ok.status).toBe(303);
    const saved = await send({ method: 'GET', path: '/me/settings', as: therapists[therapists.length - 1] });
    expect(
      saved.json<{ settings: { sessionLengthMinutes: number; reminderOffsetsMinutes: number[]; dailyLimit: null } }>()
        .settings,
    ).toMatchObject({ sessionLengthMinutes: 45, reminderOffsetsMinutes: [1440, 120], dailyLimit: null });
  });
});

/** What a browser sends for a page's form at `action`: its text fields, checked boxes and radios, as they stand. */
function formAsSent(page: string, action: string): Record<string, string> {
  const form = new RegExp(`<form method="post" action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(page)?.[1];
  if (!form) throw new Error(`No form posting to ${action}`);
  const sent: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input [^>]*>/g)) {
    const attr = (name: string) => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];
    const type = attr('type') ?? 'text';
    const name = attr('name');
    if (!name || ((type === 'radio' || type === 'checkbox') && !/ checked/.test(tag))) continue;
    sent[name] = (attr('value') ?? '').replaceAll('&amp;', '&');
  }
  return sent;
}

describe('booking settings', () => {
  // A value for every setting, none of them the default, so a reset of any one of them shows.
  const everyField = everySettingSet;
  const saved = async (therapistId: string) =>
    (await send({ method: 'GET', path: '/me/settings', as: therapistId })).json<{ settings: PracticeSettings }>()
      .settings;

  it('saving the form as it stands changes nothing (every setting set through the API first, none the default)', async () => {
    for (const key of Object.keys(defaultPracticeSettings) as (keyof PracticeSettings)[])
      expect(everyField[key], key).not.toEqual(defaultPracticeSettings[key]);
    const { therapist, agent } = await signedIn();
    expect(
      (await send({ method: 'PUT', path: '/me/settings', as: therapist.therapistId, json: everyField })).status,
    ).toBe(200);
    const page = await agent.get('/console/settings');
    const sent = await agent.post('/console/settings', formAsSent(page.text, '/console/settings'));
    expect(sent.status).toBe(303);
    expect(await saved(therapist.therapistId)).toEqual(everyField);
  });

  // Each field the form shows, changed alone: only its setting changes.
  const oneChange: [string, string, Partial<PracticeSettings>][] = [
    ['consultation.durationMinutes', '40', { consultation: { ...everyField.consultation, durationMinutes: 40 } }],
    ['consultation.mode.kind', 'phone', { consultation: { ...everyField.consultation, mode: { kind: 'phone' } } }],
    [
      'consultation.mode.address',
      '2 Low Road, Bath',
      { consultation: { ...everyField.consultation, mode: { kind: 'in-person', address: '2 Low Road, Bath' } } },
    ],
    ['sessionLengthMinutes', '55', { sessionLengthMinutes: 55 }],
    ['startIntervalMinutes', '60', { startIntervalMinutes: 60 }],
    ['bufferBeforeMinutes', '0', { bufferBeforeMinutes: 0 }],
    ['bufferAfterMinutes', '20', { bufferAfterMinutes: 20 }],
    ['dailyLimit', '', { dailyLimit: null }],
    ['minimumNoticeHours', '24', { minimumNoticeMinutes: 1440 }],
    ['horizonDays', '60', { horizonDays: 60 }],
    ['requiresConfirmation', 'yes', { requiresConfirmation: true }],
    ['requestExpiryHours', '72', { requestExpiryHours: 72 }],
    ['cancellationNoticeHours', '12', { cancellationNoticeHours: 12 }],
    ['reminderOffsetsHours', '24, 0.25', { reminderOffsetsMinutes: [1440, 15] }],
    ['breakNoticeDays', '7', { breakNoticeDays: 7 }],
    ['welcomeBackDays', '3', { welcomeBackDays: 3 }],
    ['earlyWindowDays', '0', { earlyWindowDays: 0 }],
    ['waitingListCheckInWeeks', '8', { waitingListCheckInWeeks: 8 }],
  ];

  it('changing one field changes only its setting, for every field the form shows', async () => {
    const { therapist, agent } = await signedIn();
    const page = await agent.get('/console/settings');
    // Every control on the form is in the list above (the video link is left out: the mode here is in person).
    const controls = new Set([...page.text.matchAll(/<input [^>]*name="([^"]+)"/g)].map((m) => m[1]!));
    expect([...controls].filter((n) => n !== 'csrf' && n !== 'consultation.mode.link').sort()).toEqual(
      oneChange.map(([f]) => f).sort(),
    );
    for (const [field, value, change] of oneChange) {
      expect(
        (await send({ method: 'PUT', path: '/me/settings', as: therapist.therapistId, json: everyField })).status,
      ).toBe(200);
      const form = formAsSent((await agent.get('/console/settings')).text, '/console/settings');
      const sent = await agent.post('/console/settings', { ...form, [field]: value });
      expect(sent.status, `${field}: ${sent.text.match(/<p class="error"[^>]*>([^<]+)/)?.[1]}`).toBe(303);
      expect(await saved(therapist.therapistId), field).toEqual({ ...everyField, ...change });
    }
  });

  it('asks notice and reminders in hours and days, never minutes, and is in the navigation', async () => {
    const { agent } = await signedIn();
    const page = (await agent.get('/console/availability')).text;
    expect(page).toContain('<a href="/console/settings">Booking settings</a>');
    const settings = (await agent.get('/console/settings')).text;
    expect(settings).toContain('<a href="/console/settings" aria-current="page">Booking settings</a>');
    expect(settings).toContain('<link rel="icon" href="/favicon.ico" type="image/svg+xml">');
    expect(settings).toContain('Shortest notice for a booking, in hours');
    expect(settings).toContain('Reminders, in hours before the appointment');
    expect(settings).toMatch(/name="minimumNoticeHours" type="text" value="0"/);
    expect(settings).not.toMatch(/1440|720 is/);
  });

  it("says every refusal in plain words beside its field, never the validator's own", async () => {
    const { agent, csrf } = await signedIn();
    const form = formAsSent((await agent.get('/console/settings')).text, '/console/settings');
    const raw = /expected|Too big|Too small|Invalid input|<=|>=/;
    for (const field of Object.keys(form).filter((f) => f !== 'csrf' && f !== 'consultation.mode.kind')) {
      for (const value of ['100000', '-1', '1.5', '', 'x'.repeat(600)]) {
        const sent = await agent.post('/console/settings', { ...form, csrf, [field]: value });
        if (sent.status === 303) continue;
        expect(sent.status, `${field}=${value.slice(0, 10)}`).toBe(400);
        const shown = [...sent.text.matchAll(/<p class="error"[^>]*>([^<]+)<\/p>/g)].map((m) => m[1]!);
        expect(shown.length, `${field}=${value.slice(0, 10)}`).toBeGreaterThan(0);
        for (const words of shown) expect(words, `${field}=${value.slice(0, 10)}`).not.toMatch(raw);
      }
    }
  });
});

describe('bookings', () => {
  it('confirm from the agenda, then cancel with a note; a second confirm is a kind 409', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const { bookingId, clientEmail } = await aRequest(therapist);
    expect((await agent.get('/console/bookings')).text).toContain(`/console/bookings/${bookingId}/confirm`);
    const confirmed = await agent.post(`/console/bookings/${bookingId}/confirm`, { csrf, return: 'agenda' });
    expect(confirmed.location).toBe('/console/bookings?done=confirmed');
    expect((await messages('booking-confirmed', clientEmail)).length).toBe(1);
    const again = await agent.post(`/console/bookings/${bookingId}/confirm`, { csrf });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This booking is already confirmed, so it cannot be confirmed.');

    // The email's one-click Confirm, used after the console confirmed: a calm page that says it is done.
    const request = (await messages('booking-request', therapist.email)).find((m) =>
      JSON.stringify(m.data).includes(bookingId),
    )!;
    const oneClick = new URL((request.data as { confirmUrl: string }).confirmUrl).pathname;
    for (const answer of [await agent.get(oneClick), await agent.post(oneClick, { note: '' })]) {
      expect(answer.status).toBe(409);
      expect(answer.text).toContain('<h1>This booking is already confirmed.</h1><p>Nothing more to do.');
      expect(answer.text).not.toMatch(/Conflict|cannot be confirmed/);
    }

    const page = await agent.get(`/console/bookings/${bookingId}`);
    expect(page.text).toContain('Cancel the appointment');
    expect(page.text).not.toContain('Confirm this booking');
    const cancelled = await agent.post(`/console/bookings/${bookingId}/cancel`, {
      csrf,
      note: 'I am so sorry, I am unwell that day.',
    });
    expect(cancelled.location).toBe(`/console/bookings/${bookingId}?done=cancelled`);
    const after = await agent.get(cancelled.location!);
    expect(after.text).toContain('Cancelled by you.');
    expect(after.text).toContain('I am so sorry, I am unwell that day.');
    expect((await messages('booking-cancelled', clientEmail)).length).toBe(1);
  });

  it('decline with a note that is too long keeps the note and says so beside it', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const { bookingId } = await aRequest(therapist);
    const long = 'x'.repeat(1001);
    const refused = await agent.post(`/console/bookings/${bookingId}/decline`, { csrf, note: long });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Please keep your note to 1,000 characters or fewer.');
    expect(refused.text).toContain(`>${long}</textarea>`);
    expect(
      (await agent.post(`/console/bookings/${bookingId}/decline`, { csrf, note: 'Another time suits better.' }))
        .location,
    ).toBe(`/console/bookings/${bookingId}?done=declined`);
  });

  it('records the outcome of a consultation that has started', async () => {
    const { therapist, agent, csrf } = await signedIn(
      practice({ minimumNoticeMinutes: 0, requiresConfirmation: false }),
    );
    const { bookingId } = await aRequest(therapist);
    // The server runs on the wall clock: the outcome form appears once the consultation has started.
    expect((await agent.get(`/console/bookings/${bookingId}`)).text).not.toContain('How did it go?');
    const early = await agent.post(`/console/bookings/${bookingId}/outcome`, { csrf, outcome: 'continue' });
    expect(early.status).toBe(409);
    const missing = await agent.post(`/console/bookings/${bookingId}/outcome`, { csrf });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Please choose the outcome');
  });
});

describe('clients and returns', () => {
  it('add, invite, pause (with the bookings inside listed), resume and end', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const bad = await agent.post('/console/clients', {
      csrf,
      name: '',
      email: 'not-an-email',
      status: 'active',
      sessionLengthMinutes: 'fifty',
    });
    expect(bad.status).toBe(400);
    expect(errorBeside(bad.text, 'sessionLengthMinutes')).toBe('Please enter a whole number, like 30.');
    const badEmail = await agent.post('/console/clients', { csrf, name: '', email: 'not-an-email', status: 'active' });
    expect(errorBeside(badEmail.text, 'email')).toBe('Please enter an email address, like name@example.com.');
    expect(errorBeside(badEmail.text, 'name')).toBeDefined();

    const email = `al-${therapist.therapistId}@client.test`;
    expect(
      (await agent.post('/console/clients', { csrf, name: 'Al', email, status: 'active', sessionLengthMinutes: '' }))
        .location,
    ).toBe('/console/clients?done=added');
    const list = await agent.get('/console/clients');
    const clientId = /\/console\/clients\/([\w-]+)\/invite/.exec(list.text)![1]!;
    expect((await agent.post('/console/clients', { csrf, name: 'Al', email, status: 'active' })).status).toBe(409);

    expect((await agent.post(`/console/clients/${clientId}/invite`, { csrf })).location).toBe(
      '/console/clients?done=invited',
    );
    const invitation = (await messages('session-invitation', email))[0]!;
    const token = /\/book\/([\w-]{43})/.exec(JSON.stringify(invitation.data))![1]!;
    const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    expect((await clientBooks(token, slots[1]!.start, 'Europe/London')).status).toBe(201);

    const paused = await agent.post(`/console/clients/${clientId}/pause`, {
      csrf,
      expectedReturn: '',
      note: 'Travelling',
    });
    expect(paused.status).toBe(200);
    expect(paused.text).toContain('Al is on a break');
    expect(paused.text).toContain('Inside the break');
    expect((await agent.post(`/console/clients/${clientId}/resume`, { csrf })).location).toBe(
      '/console/clients?done=resumed',
    );
    const ended = await agent.post(`/console/clients/${clientId}/end`, { csrf, note: '' });
    expect(ended.text).toContain('Work with Al has ended');
    expect((await agent.post(`/console/clients/${clientId}/end`, { csrf })).status).toBe(409);
  });

  it('a return request shows the message and history; welcoming back sends the invitation', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const email = `bo-${therapist.therapistId}@client.test`;
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          json: { name: 'Bo', email, status: 'paused', lastSessionOn: '2025-01-10' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send({
          method: 'POST',
          path: `/therapists/${therapist.therapistId}/returns`,
          json: { name: 'Bo', email, message: 'I am ready to come back.', consent: true },
        })
      ).status,
    ).toBe(202);
    const inbox = await agent.get('/console/inbox');
    expect(inbox.text).toContain('Would like to come back');
    const returnPath = /href="(\/console\/returns\/[\w-]+)"/.exec(inbox.text)![1]!;
    const page = await agent.get(returnPath);
    expect(page.text).toContain('I am ready to come back.');
    expect(page.text).toContain('Last session');
    expect(page.text).toContain('The email Bo will receive if you welcome them back');
    const accepted = await agent.post(`${returnPath}/accept`, { csrf, note: 'Lovely to hear from you.' });
    expect(accepted.location).toBe(`${returnPath}?done=accepted`);
    expect((await agent.get(accepted.location!)).text).toContain('You welcomed Bo back');
    expect(await messages('return-accepted', email)).toHaveLength(1);
  });
});

describe('breaks', () => {
  it('an overlap is said beside the dates; delete reopens; after the welcome back, the one reminder', async () => {
    const { therapist, agent, csrf } = await signedIn();
    const today = DateTime.now().setZone('Europe/London');
    const email = `cy-${therapist.therapistId}@client.test`;
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          json: { name: 'Cy', email, status: 'active' },
        })
      ).status,
    ).toBe(201);

    const start = today.plus({ days: 1 }).toISODate()!;
    const end = today.plus({ days: 3 }).toISODate()!;
    expect((await agent.post('/console/breaks', { csrf, start, end, message: '' })).location).toBe(
      '/console/breaks?done=planned',
    );
    const overlap = await agent.post('/console/breaks', {
      csrf,
      start: end,
      end: today.plus({ days: 5 }).toISODate()!,
      message: '',
    });
    expect(overlap.status).toBe(400);
    expect(errorBeside(overlap.text, 'start')).toContain('These dates overlap your break');
    const backwards = await agent.post('/console/breaks', { csrf, start: end, end: start });
    expect(errorBeside(backwards.text, 'end')).toContain('on or after the start date');

    // For a break this close the welcome back is due as it begins (never before): the sweep sends it then, and Cy has not booked.
    await theSweepRuns(today.plus({ days: 1 }).set({ hour: 10, minute: 0 }).toJSDate());
    const listed = await agent.get('/console/breaks');
    expect(listed.text).toContain('Not booked again yet');
    const breakId = /\/console\/breaks\/([\w-]+)\/reminders/.exec(listed.text)![1]!;
    const clientId = /name="clientId" value="([\w-]+)"/.exec(listed.text)![1]!;
    expect((await agent.post(`/console/breaks/${breakId}/reminders`, { csrf, clientId })).location).toBe(
      '/console/breaks?done=reminded',
    );
    expect((await agent.get('/console/breaks')).text).toContain('Reminder sent');
    expect((await agent.post(`/console/breaks/${breakId}/reminders`, { csrf, clientId })).status).toBe(409);

    expect((await agent.post(`/console/breaks/${breakId}/delete`, { csrf })).location).toBe(
      '/console/breaks?done=deleted',
    );
    expect((await agent.get('/console/breaks')).text).toContain('No breaks are planned.');
  });
});
