/**
 * A lost race is never a server error. From the route list: every route that changes something
 * (POST, PUT, DELETE) gets 20 identical calls at once, with a valid body, against the real handlers
 * and DynamoDB Local (console forms over the local HTTP server with a signed-in session), and none of
 * the 20 answers 5xx. A lost conditional write or transaction answers 409 "changed meanwhile" and
 * releases its Idempotency-Key, so sending the same request again runs it again.
 *
 * The table of calls has one entry per operation id: a new mutating route without one fails here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { routes } from '#shared/manifest/routes.js';
import { clock, handlerMode, send, type ApiCall } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import {
  aClient,
  aTherapist,
  anEnquiryFrom,
  type GivenClient,
  type GivenTherapist,
} from '#test/support/steps/given.js';
import { clientSendsEnquiry, pathOf } from '#test/support/steps/when.js';
import { aPractice, clientBooks, clientListsSlots, messages, practice, tokenOf, weekdays } from '../bookings/steps.js';
import { aClientOf } from '../breaks/steps.js';
import { aReturnFrom, someoneAsksToReturn, therapistAddsClient, therapistListsReturns } from '../clients/steps.js';
import { aFullTherapist, someoneWrites, theList } from '../waiting-list/steps.js';

useTestEnvironment({ rateLimitPerEmailPerDay: 1000, rateLimitPerAddressPerHour: 100_000 });

const concurrent = 20;
let api: RunningApiServer;
const signedInTherapists: string[] = [];

beforeAll(async () => {
  clock.set(new Date());
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-races-')), 'jwt-key.json'));
  api = await startConsoleServer(
    createLocalConsoleHandler({ therapists: () => signedInTherapists, key: async () => key }),
  );
});
afterAll(() => api?.stop());

interface Answer {
  status: number;
  text: string;
}
/** Makes what a route needs and returns one call of it; the test makes that call 20 times at once. */
type Fixture = () => Promise<() => Promise<Answer>>;

const zone = 'Europe/London';
const openPractice = (requiresConfirmation = true): Promise<GivenTherapist> =>
  aPractice(practice({ minimumNoticeMinutes: 0, horizonDays: 60, requiresConfirmation }), weekdays(zone));
const day = (days: number): string => DateTime.now().setZone(zone).plus({ days }).toISODate()!;
const api_ = (call: ApiCall) => () => send(call);

/** Tuesdays at 10:00 from the first Tuesday at least two days ahead, inside the weekday hours. */
const firstTuesday = (): string => {
  let d = DateTime.now().setZone(zone).plus({ days: 2 });
  while (d.weekday !== 2) d = d.plus({ days: 1 });
  return d.toISODate()!;
};
const tuesdays = () => ({ weekday: 'tue', time: '10:00', every: 'week', from: firstTuesday() });
async function aStandingTime(): Promise<{ therapist: GivenTherapist; standingTimeId: string }> {
  const therapist = await openPractice();
  const client = await aClientOf(therapist);
  const set = await send({
    method: 'POST',
    path: `/me/clients/${client.clientId}/standing-times`,
    as: therapist.therapistId,
    json: tuesdays(),
  });
  expect(set.status, set.text).toBe(201);
  return { therapist, standingTimeId: set.json<{ standingTimeId: string }>().standingTimeId };
}

async function enquiryOf(therapist: GivenTherapist, client: GivenClient = aClient()): Promise<string> {
  const sent = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
  expect(sent.status, sent.text).toBe(201);
  return sent.json<{ enquiryId: string }>().enquiryId;
}

async function invitationOf(
  therapist: GivenTherapist,
): Promise<{ token: string; client: GivenClient; start: string; other: string }> {
  const client = aClient();
  const enquiryId = await enquiryOf(therapist, client);
  const accepted = await send({
    method: 'POST',
    path: `/me/enquiries/${enquiryId}/accept`,
    as: therapist.therapistId,
    json: {},
  });
  expect(accepted.status, accepted.text).toBe(200);
  const token = tokenOf(accepted.json<{ bookingUrl: string }>().bookingUrl);
  const slots = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
  // The latest times offered: well outside any cancellation notice window.
  return { token, client, start: slots.at(-1)!.start, other: slots.at(-2)!.start };
}

/** A booking (requested, or confirmed where the practice needs no confirmation), its id and manage token. */
async function bookingOf(
  therapist: GivenTherapist,
): Promise<{ bookingId: string; manageToken: string; other: string }> {
  const { token, client, start, other } = await invitationOf(therapist);
  const booked = await clientBooks(token, start, zone);
  expect(booked.status, booked.text).toBe(201);
  const bookingId = booked.json<{ bookingId: string }>().bookingId;
  const sent = [
    ...(await messages('booking-requested', client.email)),
    ...(await messages('booking-confirmed', client.email)),
  ];
  const manageUrl = (sent[0]!.data as { manageUrl: string }).manageUrl;
  return { bookingId, manageToken: /\/manage\/([A-Za-z0-9_-]{43})$/.exec(manageUrl)![1]!, other };
}

async function returnOf(therapist: GivenTherapist): Promise<string> {
  const client = aClient();
  expect(
    (await therapistAddsClient(therapist.therapistId, { name: client.name, email: client.email, status: 'paused' }))
      .status,
  ).toBe(201);
  const asked = await someoneAsksToReturn(therapist.therapistId, aReturnFrom(client), aClient());
  expect(asked.status, asked.text).toBe(202);
  return (await therapistListsReturns(therapist.therapistId)).json<{ items: { returnId: string }[] }>().items[0]!
    .returnId;
}

async function breakOf(therapist: GivenTherapist): Promise<string> {
  const planned = await send({
    method: 'POST',
    path: '/me/breaks',
    as: therapist.therapistId,
    json: { start: day(20), end: day(24), message: 'A short break.' },
  });
  expect(planned.status, planned.text).toBe(201);
  return planned.json<{ breakId: string }>().breakId;
}

async function waitingEntryOf(): Promise<{ therapist: GivenTherapist; entryId: string; leavePath: string }> {
  const therapist = await aFullTherapist();
  const joined = await someoneWrites(therapist);
  expect(joined.reply.status, joined.reply.text).toBe(201);
  const entryId = (await theList(therapist.therapistId))[0]!.entryId;
  const welcome = (await messages('waiting-list-joined', joined.client.email))[0]!;
  return { therapist, entryId, leavePath: pathOf((welcome.data as { leaveUrl: string }).leaveUrl) };
}

/** A signed-in console session: its agent and CSRF token. */
async function consoleOf(therapist: GivenTherapist): Promise<{ agent: ConsoleAgent; csrf: string }> {
  signedInTherapists.push(therapist.therapistId);
  const agent = new ConsoleAgent(api.url);
  await signInLocally(agent, therapist.therapistId);
  return { agent, csrf: await agent.csrf() };
}
const post = (agent: ConsoleAgent, path: string, form: Record<string, string>) => () => agent.post(path, form);

const fixtures: Record<string, Fixture> = {
  // First contact and its links
  createEnquiry: async () => {
    const therapist = await aTherapist();
    const client = aClient();
    return api_({
      method: 'POST',
      path: `/therapists/${therapist.therapistId}/enquiries`,
      json: anEnquiryFrom(client),
      sourceIp: client.sourceIp,
    });
  },
  sendFromContactPage: async () => {
    const therapist = await aTherapist();
    const client = aClient();
    return api_({
      method: 'POST',
      path: `/contact/${therapist.therapistId}`,
      form: { name: client.name, email: client.email, consent: 'true', consentVersion: '1', website: '' },
      sourceIp: client.sourceIp,
    });
  },
  performAction: async () => {
    const therapist = await aTherapist();
    await enquiryOf(therapist);
    const notice = (await messages('enquiry-new', therapist.email))[0]!;
    return api_({ method: 'POST', path: pathOf((notice.data as { acceptUrl: string }).acceptUrl), form: { note: '' } });
  },
  answerWaitingLink: async () => {
    const { leavePath } = await waitingEntryOf();
    return api_({ method: 'POST', path: leavePath, form: { seen: 'waiting' } });
  },
  acceptEnquiry: async () => {
    const therapist = await aTherapist();
    const enquiryId = await enquiryOf(therapist);
    return api_({
      method: 'POST',
      path: `/me/enquiries/${enquiryId}/accept`,
      as: therapist.therapistId,
      json: { note: 'Welcome.' },
    });
  },
  declineEnquiry: async () => {
    const therapist = await aTherapist();
    const enquiryId = await enquiryOf(therapist);
    return api_({ method: 'POST', path: `/me/enquiries/${enquiryId}/decline`, as: therapist.therapistId, json: {} });
  },
  putProfile: async () => {
    const therapist = await aTherapist();
    return api_({
      method: 'PUT',
      path: '/me/profile',
      as: therapist.therapistId,
      json: { crisisSupport: null, embedOrigins: [] },
    });
  },
  putNewClients: async () => {
    const therapist = await aTherapist();
    return api_({
      method: 'PUT',
      path: '/me/new-clients',
      as: therapist.therapistId,
      json: { status: 'waiting-list' },
    });
  },
  offerPlace: async () => {
    const { therapist, entryId } = await waitingEntryOf();
    return api_({ method: 'POST', path: `/me/waiting-list/${entryId}/offer`, as: therapist.therapistId, json: {} });
  },
  removeFromWaitingList: async () => {
    const { therapist, entryId } = await waitingEntryOf();
    return api_({ method: 'POST', path: `/me/waiting-list/${entryId}/remove`, as: therapist.therapistId, json: {} });
  },
  erasePerson: async () => {
    const therapist = await aTherapist();
    const client = aClient();
    await enquiryOf(therapist, client);
    return api_({
      method: 'POST',
      path: '/me/erasures',
      as: therapist.therapistId,
      json: { email: client.email, confirm: true },
    });
  },
  // Scheduling
  putSettings: async () => {
    const therapist = await openPractice();
    return api_({
      method: 'PUT',
      path: '/me/settings',
      as: therapist.therapistId,
      json: practice({ minimumNoticeMinutes: 60 }),
    });
  },
  putAvailability: async () => {
    const therapist = await openPractice();
    return api_({
      method: 'PUT',
      path: '/me/availability',
      as: therapist.therapistId,
      json: weekdays(zone, '10:00', '16:00'),
    });
  },
  putOverride: async () => {
    const therapist = await openPractice();
    return api_({
      method: 'POST',
      path: '/me/availability/overrides',
      as: therapist.therapistId,
      json: { date: day(9), intervals: [] },
    });
  },
  deleteOverride: async () => {
    const therapist = await openPractice();
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/availability/overrides',
          as: therapist.therapistId,
          json: { date: day(9), intervals: [] },
        })
      ).status,
    ).toBe(200);
    return api_({ method: 'DELETE', path: `/me/availability/overrides/${day(9)}`, as: therapist.therapistId });
  },
  // Bookings
  bookSlot: async () => {
    const { token, start } = await invitationOf(await openPractice());
    return api_({ method: 'POST', path: `/invitations/${token}/bookings`, json: { start, timeZone: zone } });
  },
  cancelManagedBooking: async () => {
    const { manageToken } = await bookingOf(await openPractice(false));
    return api_({ method: 'POST', path: `/bookings/manage/${manageToken}/cancel`, json: {} });
  },
  rescheduleManagedBooking: async () => {
    const { manageToken, other } = await bookingOf(await openPractice(false));
    return api_({ method: 'POST', path: `/bookings/manage/${manageToken}/reschedule`, json: { start: other } });
  },
  confirmBooking: async () => {
    const therapist = await openPractice();
    const { bookingId } = await bookingOf(therapist);
    return api_({ method: 'POST', path: `/me/bookings/${bookingId}/confirm`, as: therapist.therapistId, json: {} });
  },
  declineBooking: async () => {
    const therapist = await openPractice();
    const { bookingId } = await bookingOf(therapist);
    return api_({ method: 'POST', path: `/me/bookings/${bookingId}/decline`, as: therapist.therapistId, json: {} });
  },
  cancelBooking: async () => {
    const therapist = await openPractice(false);
    const { bookingId } = await bookingOf(therapist);
    return api_({
      method: 'POST',
      path: `/me/bookings/${bookingId}/cancel`,
      as: therapist.therapistId,
      json: { note: 'I am sorry, I am unwell that day.' },
    });
  },
  recordOutcome: async () => {
    const therapist = await openPractice(false);
    const { bookingId } = await bookingOf(therapist);
    return api_({
      method: 'POST',
      path: `/me/bookings/${bookingId}/outcome`,
      as: therapist.therapistId,
      json: { outcome: 'continue' },
    });
  },
  inviteClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    return api_({ method: 'POST', path: `/me/clients/${client.clientId}/invite`, as: therapist.therapistId });
  },
  bookFromPage: async () => {
    const { token, start } = await invitationOf(await openPractice());
    return api_({ method: 'POST', path: `/book/${token}`, form: { start, tz: zone } });
  },
  cancelFromPage: async () => {
    const { manageToken } = await bookingOf(await openPractice(false));
    return api_({ method: 'POST', path: `/manage/${manageToken}/cancel`, form: { reason: '' } });
  },
  rescheduleFromPage: async () => {
    const { manageToken, other } = await bookingOf(await openPractice(false));
    return api_({ method: 'POST', path: `/manage/${manageToken}/reschedule`, form: { start: other, tz: zone } });
  },
  // Clients, returns and breaks
  addClient: async () => {
    const therapist = await openPractice();
    const client = aClient();
    return api_({
      method: 'POST',
      path: '/me/clients',
      as: therapist.therapistId,
      json: { name: client.name, email: client.email, status: 'active' },
    });
  },
  createStandingTime: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    return api_({
      method: 'POST',
      path: `/me/clients/${client.clientId}/standing-times`,
      as: therapist.therapistId,
      json: tuesdays(),
    });
  },
  endStandingTime: async () => {
    const { therapist, standingTimeId } = await aStandingTime();
    return api_({ method: 'DELETE', path: `/me/standing-times/${standingTimeId}`, as: therapist.therapistId });
  },
  skipStandingDate: async () => {
    const { therapist, standingTimeId } = await aStandingTime();
    const second = DateTime.fromISO(firstTuesday()).plus({ weeks: 1 }).toISODate()!;
    return api_({
      method: 'POST',
      path: `/me/standing-times/${standingTimeId}/skip`,
      as: therapist.therapistId,
      json: { date: second },
    });
  },
  pauseClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    return api_({ method: 'POST', path: `/me/clients/${client.clientId}/pause`, as: therapist.therapistId, json: {} });
  },
  endClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    return api_({ method: 'POST', path: `/me/clients/${client.clientId}/end`, as: therapist.therapistId, json: {} });
  },
  resumeClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist, 'paused');
    return api_({ method: 'POST', path: `/me/clients/${client.clientId}/resume`, as: therapist.therapistId });
  },
  submitReturn: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist, 'paused');
    return api_({ method: 'POST', path: `/therapists/${therapist.therapistId}/returns`, json: aReturnFrom(client) });
  },
  sendFromReturnPage: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist, 'paused');
    return api_({
      method: 'POST',
      path: `/contact/${therapist.therapistId}/return`,
      form: { name: client.name, email: client.email, consent: 'true', website: '' },
    });
  },
  acceptReturn: async () => {
    const therapist = await openPractice();
    const returnId = await returnOf(therapist);
    return api_({ method: 'POST', path: `/me/returns/${returnId}/accept`, as: therapist.therapistId, json: {} });
  },
  declineReturn: async () => {
    const therapist = await openPractice();
    const returnId = await returnOf(therapist);
    return api_({ method: 'POST', path: `/me/returns/${returnId}/decline`, as: therapist.therapistId, json: {} });
  },
  createBreak: async () => {
    const therapist = await openPractice();
    return api_({
      method: 'POST',
      path: '/me/breaks',
      as: therapist.therapistId,
      json: { start: day(20), end: day(24), message: 'A short break.' },
    });
  },
  deleteBreak: async () => {
    const therapist = await openPractice();
    const breakId = await breakOf(therapist);
    return api_({ method: 'DELETE', path: `/me/breaks/${breakId}`, as: therapist.therapistId });
  },
  remindAfterBreak: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    const breakId = await breakOf(therapist);
    return api_({
      method: 'POST',
      path: `/me/breaks/${breakId}/reminders`,
      as: therapist.therapistId,
      json: { clientId: client.clientId },
    });
  },
  // Calendars
  putCalendarFeed: async () => {
    const therapist = await aTherapist();
    return api_({ method: 'PUT', path: '/me/calendar-feed', as: therapist.therapistId, json: { shows: 'first-name' } });
  },
  rotateCalendarFeed: async () => {
    const therapist = await aTherapist();
    expect((await send({ method: 'GET', path: '/me/calendar-feed', as: therapist.therapistId })).status).toBe(200);
    return api_({ method: 'POST', path: '/me/calendar-feed/rotate', as: therapist.therapistId });
  },
  putBusyCalendars: async () => {
    const therapist = await aTherapist();
    return api_({
      method: 'PUT',
      path: '/me/busy-calendars',
      as: therapist.therapistId,
      json: [{ label: 'Work', url: 'https://calendar.example.com/busy.ics' }],
    });
  },
  // The console's forms
  consoleLocalSignIn: async () => {
    const therapist = await aTherapist();
    signedInTherapists.push(therapist.therapistId);
    const agent = new ConsoleAgent(api.url);
    const page = await agent.get('/console/sign-in');
    const state = /name="state" value="([^"]+)"/.exec(page.text)![1]!;
    return post(agent, '/console/sign-in', { state, therapistId: therapist.therapistId });
  },
  consoleSignOut: async () => {
    const { agent, csrf } = await consoleOf(await aTherapist());
    return post(agent, '/console/sign-out', { csrf });
  },
  consoleAcceptEnquiry: async () => {
    const therapist = await aTherapist();
    const enquiryId = await enquiryOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/enquiries/${enquiryId}/accept`, { csrf, note: '' });
  },
  consoleDeclineEnquiry: async () => {
    const therapist = await aTherapist();
    const enquiryId = await enquiryOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/enquiries/${enquiryId}/decline`, { csrf, note: '' });
  },
  consoleAcceptReturn: async () => {
    const therapist = await openPractice();
    const returnId = await returnOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/returns/${returnId}/accept`, { csrf, note: '' });
  },
  consoleDeclineReturn: async () => {
    const therapist = await openPractice();
    const returnId = await returnOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/returns/${returnId}/decline`, { csrf, note: '' });
  },
  consoleConfirmBooking: async () => {
    const therapist = await openPractice();
    const { bookingId } = await bookingOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/bookings/${bookingId}/confirm`, { csrf });
  },
  consoleDeclineBooking: async () => {
    const therapist = await openPractice();
    const { bookingId } = await bookingOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/bookings/${bookingId}/decline`, { csrf, note: '' });
  },
  consoleCancelBooking: async () => {
    const therapist = await openPractice(false);
    const { bookingId } = await bookingOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/bookings/${bookingId}/cancel`, { csrf, note: 'I am sorry, I am unwell that day.' });
  },
  consoleRecordOutcome: async () => {
    const therapist = await openPractice(false);
    const { bookingId } = await bookingOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/bookings/${bookingId}/outcome`, { csrf, outcome: 'continue' });
  },
  consoleSaveHours: async () => {
    const { agent, csrf } = await consoleOf(await openPractice());
    return post(agent, '/console/availability/hours', {
      csrf,
      timeZone: zone,
      'weekly.wed.0.start': '09:00',
      'weekly.wed.0.end': '12:00',
    });
  },
  consoleSaveOverride: async () => {
    const { agent, csrf } = await consoleOf(await openPractice());
    return post(agent, '/console/availability/overrides', { csrf, date: day(9) });
  },
  consoleDeleteOverride: async () => {
    const therapist = await openPractice();
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/availability/overrides',
          as: therapist.therapistId,
          json: { date: day(9), intervals: [] },
        })
      ).status,
    ).toBe(200);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/availability/overrides/${day(9)}/delete`, { csrf });
  },
  consoleSaveSettings: async () => {
    const { agent, csrf } = await consoleOf(await openPractice());
    const page = await agent.get('/console/settings');
    const form = Object.fromEntries(
      [...page.text.matchAll(/name="([^"]+)" type="text" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    return post(agent, '/console/settings', {
      ...form,
      csrf,
      'consultation.mode.kind': 'video',
      startIntervalMinutes: '30',
      requiresConfirmation: 'yes',
    });
  },
  consolePlanBreak: async () => {
    const { agent, csrf } = await consoleOf(await openPractice());
    return post(agent, '/console/breaks', { csrf, start: day(20), end: day(24), message: '' });
  },
  consoleDeleteBreak: async () => {
    const therapist = await openPractice();
    const breakId = await breakOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/breaks/${breakId}/delete`, { csrf });
  },
  consoleRemindAfterBreak: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    const breakId = await breakOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/breaks/${breakId}/reminders`, { csrf, clientId: client.clientId });
  },
  consoleAddClient: async () => {
    const { agent, csrf } = await consoleOf(await openPractice());
    const client = aClient();
    return post(agent, '/console/clients', { csrf, name: client.name, email: client.email, status: 'active' });
  },
  consolePauseClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/clients/${client.clientId}/pause`, { csrf, expectedReturn: '', note: '' });
  },
  consoleEndClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/clients/${client.clientId}/end`, { csrf, note: '' });
  },
  consoleResumeClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist, 'paused');
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/clients/${client.clientId}/resume`, { csrf });
  },
  consoleInviteClient: async () => {
    const therapist = await openPractice();
    const client = await aClientOf(therapist);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/clients/${client.clientId}/invite`, { csrf });
  },
  consoleSaveProfile: async () => {
    const { agent, csrf } = await consoleOf(await aTherapist());
    return post(agent, '/console/profile', {
      csrf,
      crisisSource: 'deployment',
      'crisisSupport.region': '',
      'embedOrigins.0': 'https://sam.example.com',
    });
  },
  consoleSaveFeedShows: async () => {
    const { agent, csrf } = await consoleOf(await aTherapist());
    return post(agent, '/console/calendar/feed', { csrf, shows: 'first-name' });
  },
  consoleRotateFeed: async () => {
    const therapist = await aTherapist();
    expect((await send({ method: 'GET', path: '/me/calendar-feed', as: therapist.therapistId })).status).toBe(200);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, '/console/calendar/feed/rotate', { csrf });
  },
  consoleAddBusyCalendar: async () => {
    const { agent, csrf } = await consoleOf(await aTherapist());
    return post(agent, '/console/calendar/busy', { csrf, label: 'Work', url: 'https://calendar.example.com/busy.ics' });
  },
  consoleRemoveBusyCalendar: async () => {
    const therapist = await aTherapist();
    const saved = await send({
      method: 'PUT',
      path: '/me/busy-calendars',
      as: therapist.therapistId,
      json: [{ label: 'Work', url: 'https://calendar.example.com/busy.ics' }],
    });
    expect(saved.status, saved.text).toBe(200);
    const calendarId = saved.json<{ calendarId: string }[]>()[0]!.calendarId;
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/calendar/busy/${calendarId}/remove`, { csrf });
  },
  consoleSignOutEverywhere: async () => {
    const { agent, csrf } = await consoleOf(await aTherapist());
    return post(agent, '/console/sign-out-everywhere', { csrf });
  },
  consoleSaveNewClients: async () => {
    const { agent, csrf } = await consoleOf(await aTherapist());
    return post(agent, '/console/waiting-list/new-clients', {
      csrf,
      status: 'waiting-list',
      expectedWaitWeeks: '8',
      note: '',
    });
  },
  consoleOfferPlace: async () => {
    const { therapist, entryId } = await waitingEntryOf();
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/waiting-list/${entryId}/offer`, { csrf, note: '' });
  },
  consoleRemoveFromWaitingList: async () => {
    const { therapist, entryId } = await waitingEntryOf();
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, `/console/waiting-list/${entryId}/remove`, { csrf, note: '' });
  },
  consoleFindErasure: async () => {
    const therapist = await aTherapist();
    const client = aClient();
    await enquiryOf(therapist, client);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, '/console/erasure/find', { csrf, email: client.email });
  },
  consoleErase: async () => {
    const therapist = await aTherapist();
    const client = aClient();
    await enquiryOf(therapist, client);
    const { agent, csrf } = await consoleOf(therapist);
    return post(agent, '/console/erasure', { csrf, email: client.email, confirmEmail: client.email });
  },
};

const mutating = routes.filter((r) => r.method !== 'GET');
/**
 * Routes whose call here is refused by the state, because what they need is weeks away on the real
 * clock the console runs on (a reminder needs the break over; an outcome needs the consultation held):
 * every answer is a 4xx, and still none is a 5xx.
 */
const refusedByState = new Set([
  'remindAfterBreak',
  'consoleRemindAfterBreak',
  'recordOutcome',
  'consoleRecordOutcome',
]);

describe.runIf(handlerMode)('20 identical calls at once, at every route that changes something', () => {
  it('every mutating route in the route list has a call in this table, and the table names no other', () => {
    expect(Object.keys(fixtures).sort()).toEqual(mutating.map((r) => r.operation).sort());
  });

  for (const route of mutating) {
    it(`${route.method} ${route.path}: no answer is a server error`, async () => {
      const fixture = fixtures[route.operation];
      if (!fixture)
        throw new Error(`No call for ${route.operation} (${route.method} ${route.path}): add one to the table`);
      const call = await fixture();
      const answers = await Promise.all(Array.from({ length: concurrent }, () => call()));
      const statuses = answers.map((a) => a.status);
      const errors = answers.filter((a) => a.status >= 500);
      expect(
        errors.map((e) => `${e.status} ${e.text.slice(0, 200)}`),
        `statuses: ${statuses.join(' ')}`,
      ).toEqual([]);
      // Someone of the twenty got through: the call itself was a valid one.
      if (!refusedByState.has(route.operation))
        expect(
          statuses.some((s) => s < 400),
          `statuses: ${statuses.join(' ')}`,
        ).toBe(true);
    }, 60_000);
  }

  it('in the console, a lost race is a calm page that says nothing changed and to try once more', async () => {
    const therapist = await aTherapist();
    expect((await send({ method: 'GET', path: '/me/calendar-feed', as: therapist.therapistId })).status).toBe(200);
    const { agent, csrf } = await consoleOf(therapist);
    const answers = await Promise.all(
      Array.from({ length: concurrent }, () => agent.post('/console/calendar/feed/rotate', { csrf })),
    );
    for (const a of answers) {
      expect(a.status).toBeLessThan(500);
      if (a.status === 409) {
        expect(a.text).toContain('<h1>This has already changed</h1>');
        expect(a.text).toContain(
          'Something changed this at the same moment, so your request made no change. Please look at it again and try once more.',
        );
      }
    }
  });

  it('a lost race answers 409 "changed meanwhile" and releases its Idempotency-Key: the same request again runs again', async () => {
    const therapist = await aTherapist();
    expect((await send({ method: 'GET', path: '/me/calendar-feed', as: therapist.therapistId })).status).toBe(200);
    const rotate = (key: string) =>
      send({
        method: 'POST',
        path: '/me/calendar-feed/rotate',
        as: therapist.therapistId,
        headers: { 'idempotency-key': key },
      });
    const keys = Array.from({ length: concurrent }, (_, i) => `rotate-${i}-${therapist.therapistId}`);
    const answers = await Promise.all(keys.map(rotate));
    const lost = answers.flatMap((a, i) => (a.status === 409 ? [i] : []));
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    for (const i of lost) {
      expect(answers[i]!.json()).toMatchObject({
        type: 'https://threshold.dev/problems/changed-meanwhile',
        status: 409,
      });
      expect(answers[i]!.json<{ detail: string }>().detail).toBe(
        'Something changed this at the same moment, so your request made no change. Please look at it again and try once more.',
      );
      const again = await rotate(keys[i]!);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(again.status).toBe(200);
    }
  });
});
