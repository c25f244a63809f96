/**
 * The therapist's console in a real headless Chromium over the real local HTTP server, handlers,
 * stream poller, mailer and SES emulator: sign in on the local stack, follow the "New enquiry"
 * email's link to the enquiry, read the message, accept it with a note, set weekly hours, plan a
 * break over the client's booking and see it flagged. Once with JavaScript and the keyboard alone,
 * once without JavaScript; axe-core finds nothing on any page. Screenshots of every page go to a
 * temp folder (printed once) for a person to look at.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { loadHandler } from '#infra/local/stack.js';
import { startStreamPoller, type StreamPoller } from '#infra/local/stream-poller.js';
import { resetRuntime } from '#shared/runtime.js';
import { putTherapist, type TherapistProfile } from '#shared/store/therapists.js';
import {
  fillAs as fill,
  pressAs as press,
  tabToLocator as tabTo,
  launchChromium,
  screenshotDir,
} from '../support/browser.js';
import { startConsoleServer } from '../support/console.js';
import { useTestEnvironment } from '../support/environment.js';
import { waitForEmails } from '../support/mailbox.js';

const env = useTestEnvironment();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const therapists: TherapistProfile[] = [];
let api: RunningApiServer;
let poller: StreamPoller;
let browser: Browser;
const shots = screenshotDir();
const contexts: BrowserContext[] = [];

/** Each with a name of their own: the local sign-in page lists them all. */
const names = ['Sam Rivera', 'Alex Morgan', 'Robin Ellis'];
const aTherapist = (): TherapistProfile => {
  const displayName = names[therapists.length % names.length]!;
  const t = {
    therapistId: `t-${randomUUID()}`,
    displayName,
    shortName: displayName.split(' ')[0]!,
    email: `sam-${randomUUID()}@therapist.test`,
    timeZone: 'Europe/London',
    createdAt: new Date().toISOString(),
  };
  therapists.push(t);
  return t;
};

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-console-browser-')), 'jwt-key.json'));
  [api, browser] = await Promise.all([
    startConsoleServer(
      createLocalConsoleHandler({ therapists: () => therapists.map((t) => t.therapistId), key: async () => key }),
    ),
    launchChromium(),
  ]);
  // Email links point at this server, as they point at the local stack's API on `npm run dev`.
  process.env.PUBLIC_BASE_URL = api.url;
  resetRuntime();
  const mailer = await loadHandler('mailer');
  poller = await startStreamPoller({
    tableName: env.tableName,
    dynamodbEndpoint: env.dynamodbEndpoint,
    consumer: mailer!,
    startAt: 'TRIM_HORIZON',
    intervalMs: 100,
    log: () => undefined,
  });
  console.log(`Console screenshots: ${shots}`);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await poller?.stop();
  await api?.stop();
});

const noScript = new WeakSet<Page>();
let checkerPage: Page | undefined;
const checker = async (): Promise<Page> => (checkerPage ??= await newPage());

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1000, height: 900 },
    ...options,
  });
  contexts.push(context);
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) noScript.add(page);
  return page;
}

/**
 * axe-core, evaluated in the page (a script tag would be refused by the page's CSP, as it should be).
 * A page opened without JavaScript is checked as a copy of its HTML in a page that has it.
 */
async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  let checked = page;
  if (noScript.has(page)) {
    checked = await checker();
    await checked.setContent(await page.content());
  }
  await checked.evaluate(axeSource);
  const violations = await checked.evaluate<{ id: string; help: string; nodes: { target: string[] }[] }[]>(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
  );
  expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

interface Way {
  name: string;
  keyboard: boolean;
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

/** A failing journey leaves a picture of where it stopped. */
async function onFailureShoot(page: Page, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    await shot(page, `${name}-FAILED`).catch(() => undefined);
    console.log(`${name} stopped at ${page.url()}`);
    throw error;
  }
}

async function journey(way: Way, page: Page): Promise<void> {
  const sam = aTherapist();
  await putTherapist(env.runtime().db, env.tableName, sam);
  const client = {
    name: 'Jo',
    email: `jo-${randomUUID()}@client.test`,
    message: `I have been finding it hard to sleep since my father died. ${randomUUID().slice(0, 8)}`,
  };
  const tag = `${way.name}`;

  // A first enquiry arrives; the therapist's email has the link to read it.
  const sent = await fetch(`${api.url}/therapists/${sam.therapistId}/enquiries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...client, consent: true }),
  });
  expect(sent.status).toBe(201);
  const [notice] = await waitForEmails(env.sesEndpoint, sam.email, 1, 20_000);
  expect(notice!.subject).toBe('New enquiry');
  const link = new RegExp(`Read the enquiry:\\n(${api.url.replace(/[.]/g, '\\.')}/console/enquiries/[\\w-]+)`).exec(
    notice!.body.text ?? '',
  )?.[1];
  expect(link, notice!.body.text).toBeDefined();

  // Following it while signed out: sign in, then straight back to the enquiry.
  await page.goto(link!);
  expect(page.url()).toContain('/console/sign-in?returnTo=');
  expect(await page.locator('h1').textContent()).toBe('Sign in');
  await expectNoAxeViolations(page, `${tag} sign-in`);
  await shot(page, `${tag}-1-sign-in`);
  await press(way, page, page.getByRole('button', { name: `Sign in as ${sam.displayName}` }));
  await page.waitForURL(link!);
  expect(await page.locator('h1').textContent()).toBe('Enquiry from Jo');
  expect(await page.locator('.message').first().textContent()).toBe(client.message);
  await expectNoAxeViolations(page, `${tag} enquiry`);
  await shot(page, `${tag}-2-enquiry`);

  // Accept with a note.
  await fill(
    way,
    page,
    page.getByLabel('A note to Jo (optional)').first(),
    'Thank you for writing. I would be glad to talk.',
  );
  await press(way, page, page.getByRole('button', { name: 'Accept and invite Jo to book' }));
  await page.waitForURL(/done=accepted$/);
  expect(await page.locator('[role=status]').textContent()).toContain('You accepted this enquiry');
  await expectNoAxeViolations(page, `${tag} accepted`);
  await shot(page, `${tag}-3-accepted`);
  const [invite] = await waitForEmails(env.sesEndpoint, client.email, 2, 20_000).then((all) =>
    all.filter((e) => e.subject === `A reply from ${sam.displayName}`),
  );
  expect(invite, 'the invitation to book').toBeDefined();
  expect(invite!.body.text).toContain('Thank you for writing. I would be glad to talk.');
  const bookingToken = /\/book\/([A-Za-z0-9_-]{43})/.exec(invite!.body.text ?? '')![1]!;

  // Weekly hours: Monday to Friday, 09:00 to 17:00.
  await press(way, page, page.getByRole('link', { name: 'Availability' }));
  await page.waitForURL(/\/console\/availability$/);
  expect(await page.locator('h1').textContent()).toBe('Availability');
  await expectNoAxeViolations(page, `${tag} availability`);
  await shot(page, `${tag}-4-availability`);
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
    await fill(way, page, page.getByLabel(`${day}, period 1, From`), '09:00');
    await fill(way, page, page.getByLabel(`${day}, period 1, to`), '17:00');
  }
  await press(way, page, page.getByRole('button', { name: 'Save weekly hours' }));
  await page.waitForURL(/done=hours$/);
  expect(await page.locator('[role=status]').textContent()).toContain('Your weekly hours are saved');
  expect(await page.getByLabel('Wednesday, period 1, to').inputValue()).toBe('17:00');
  await shot(page, `${tag}-5-hours-saved`);

  // Jo books the first time offered (a request: Sam confirms by hand).
  const slots = (await (await fetch(`${api.url}/invitations/${bookingToken}/slots?tz=Europe/London`)).json()) as {
    slots: { start: string }[];
  };
  const start = slots.slots[0]!.start;
  const booked = await fetch(`${api.url}/invitations/${bookingToken}/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ start, timeZone: 'Europe/London' }),
  });
  expect(booked.status).toBe(201);
  const day = DateTime.fromISO(start, { zone: 'Europe/London' });

  // A break over that day: the booking comes back flagged, to cancel or keep.
  await press(way, page, page.getByRole('link', { name: 'Breaks' }));
  await page.waitForURL(/\/console\/breaks$/);
  await expectNoAxeViolations(page, `${tag} breaks`);
  // Day, month by name, year: the therapist's order, whatever the browser's locale would show.
  expect(await page.locator('input[type=date]').count()).toBe(0);
  const dateIn = async (legend: string, d: DateTime) => {
    const group = page.getByRole('group', { name: legend });
    await fill(way, page, group.getByLabel('Day'), String(d.day));
    const month = group.getByLabel('Month');
    if (way.keyboard) {
      await tabTo(page, month);
      await page.keyboard.type(d.setLocale('en-GB').toFormat('LLLL'));
    } else await month.selectOption(String(d.month));
    await fill(way, page, group.getByLabel('Year'), String(d.year));
  };
  await dateIn('First day of the break', day);
  await dateIn('Last day of the break', day.plus({ days: 2 }));
  await fill(way, page, page.getByLabel('A message for your clients (optional)'), 'I am taking a few days away.');
  await press(way, page, page.getByRole('button', { name: 'Plan this break' }));
  await page.waitForURL(/done=planned$/);
  expect(await page.locator('[role=status]').textContent()).toContain('Your break is planned');
  const inside = page.locator('section', { has: page.getByRole('heading', { name: 'Bookings inside this break' }) });
  expect(await inside.getByRole('link', { name: 'Jo' }).count()).toBe(1);
  expect(await inside.getByText('Inside your break').count()).toBe(1);
  await expectNoAxeViolations(page, `${tag} break planned`);
  await shot(page, `${tag}-6-break-planned`);

  // The agenda flags it too, requests first.
  await press(way, page, page.getByRole('link', { name: 'Bookings' }));
  await page.waitForURL(/\/console\/bookings$/);
  const requests = page.locator('ul.items').first();
  expect(await requests.getByRole('link', { name: 'Jo' }).count()).toBe(1);
  expect(await requests.getByText('Inside your break').count()).toBe(1);
  await expectNoAxeViolations(page, `${tag} bookings`);
  await shot(page, `${tag}-7-bookings`);

  // The booking itself: flagged, with confirm first and decline behind a second step.
  await press(way, page, requests.getByRole('link', { name: 'Jo' }));
  await page.waitForURL(/\/console\/bookings\/[\w-]+$/);
  expect(await page.locator('h1').textContent()).toBe('First consultation with Jo');
  expect(await page.getByText('This is inside your break').count()).toBe(1);
  await expectNoAxeViolations(page, `${tag} booking`);
  await shot(page, `${tag}-8-booking`);

  // The inbox now lists the enquiry as answered.
  await press(way, page, page.getByRole('link', { name: 'Inbox' }));
  await page.waitForURL(/\/console\/inbox$/);
  expect(await page.getByText('Accepted').count()).toBe(1);
  await expectNoAxeViolations(page, `${tag} inbox`);
  await shot(page, `${tag}-9-inbox`);
}

describe('the console in a browser', () => {
  it('by keyboard alone, with JavaScript: sign in from the email link, accept with a note, set hours, plan a break, see the booking flagged', {
    timeout: 120_000,
  }, async () => {
    const page = await newPage();
    await onFailureShoot(page, 'keyboard-js', () => journey({ name: 'keyboard-js', keyboard: true }, page));
  });

  it('without JavaScript: the same journey', { timeout: 120_000 }, async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await onFailureShoot(page, 'no-js', () => journey({ name: 'no-js', keyboard: false }, page));
  });

  it('at 390 px wide, the inbox and an enquiry read and work on a phone', { timeout: 60_000 }, async () => {
    const sam = aTherapist();
    await putTherapist(env.runtime().db, env.tableName, sam);
    await fetch(`${api.url}/therapists/${sam.therapistId}/enquiries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Jo',
        email: `jo-${randomUUID()}@client.test`,
        message: 'Hello. I would like to talk.',
        consent: true,
      }),
    });
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${api.url}/console`);
    await page.getByRole('button', { name: `Sign in as ${sam.displayName}` }).click();
    await page.waitForURL(/\/console$/);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await expectNoAxeViolations(page, 'phone inbox');
    await shot(page, 'phone-1-inbox');
    await page.getByRole('link', { name: 'Jo' }).click();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await expectNoAxeViolations(page, 'phone enquiry');
    await shot(page, 'phone-2-enquiry');
    for (const path of [
      '/console/inbox',
      '/console/calendar',
      '/console/profile',
      '/console/erasure',
      '/console/availability',
      '/console/settings',
      '/console/clients',
      '/console/bookings?view=day',
      '/console/breaks',
    ]) {
      await page.goto(`${api.url}${path}`);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), path).toBe(true);
      await expectNoAxeViolations(page, `phone ${path}`);
      await shot(page, `phone-${path.replace(/\W+/g, '-')}`);
    }
  });
});
