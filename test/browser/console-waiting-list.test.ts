/**
 * The console's waiting-list page in a real headless Chromium over the real local server and
 * handlers: opened from the link the therapist's "New on your waiting list" email carries, signed in
 * on the way, the message read behind its click, a place offered with a note, someone taken off the
 * list, the new-client status switched. With JavaScript and the keyboard alone, and without
 * JavaScript; at 390 and at 1280 px; axe-core (WCAG 2.2 AA rules) finds nothing at any step.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { clock } from '../support/driver.js';
import { useTestEnvironment } from '../support/environment.js';
import {
  fillAs as fill,
  pressAs as press,
  tabToLocator as tabTo,
  axeViolations,
  launchChromium,
  openPage,
  screenshotDir,
  type ViewportName,
} from '../support/browser.js';
import { startConsoleServer } from '../support/console.js';
import { aClient } from '../support/steps/given.js';
import { messages } from '../integration/bookings/steps.js';
import { aFullTherapist, someoneWrites, therapistReadsNewClients } from '../integration/waiting-list/steps.js';

useTestEnvironment();
let api: RunningApiServer;
let browser: Browser;
const therapists: string[] = [];
const shots = screenshotDir();

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-waiting-browser-')), 'jwt-key.json'));
  [api, browser] = await Promise.all([
    startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key })),
    launchChromium(),
  ]);
  console.log(`Waiting-list page screenshots: ${shots}`);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

interface Way {
  js: boolean;
  keyboard: boolean;
  viewport: ViewportName;
}

const choose = async (way: Way, page: Page, target: Locator) => {
  if (!way.keyboard) return target.check();
  await tabTo(page, page.locator('input[name=status]:checked'));
  // Arrow keys move within a radio group, as a keyboard user would.
  for (let i = 0; i < 3 && !(await target.isChecked()); i++) await page.keyboard.press('ArrowDown');
  expect(await target.isChecked()).toBe(true);
};

async function expectCalm(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page), label).toEqual([]);
  expect(
    await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    `${label}: no sideways scrolling`,
  ).toBe(true);
  await page.screenshot({ path: join(shots, `${label.replace(/\W+/g, '-')}.png`), fullPage: true });
}

async function journey(way: Way): Promise<void> {
  const tag = `${way.js ? 'js' : 'no-js'}-${way.keyboard ? 'keyboard' : 'pointer'}-${way.viewport}`;
  clock.set(new Date());
  const therapist = await aFullTherapist({ status: 'waiting-list', expectedWaitWeeks: 6 });
  therapists.push(therapist.therapistId);
  const ann = aClient({ name: 'Ann Early' });
  const ben = aClient({ name: 'Ben Later' });
  const written = await someoneWrites(therapist, ann);
  await someoneWrites(therapist, ben);
  const [fresh] = await messages('waiting-list-new', therapist.email);
  const link = new URL((fresh!.data as { waitingListUrl: string }).waitingListUrl);
  expect(link.pathname).toBe('/console/waiting-list');

  const page = await openPage(browser, way.viewport, { javaScriptEnabled: way.js, timezoneId: 'Europe/London' });
  if (way.js) page.on('dialog', (d) => void d.accept());
  try {
    // The email's link, signed out: sign in, and straight back to the list.
    await page.goto(`${api.url}${link.pathname}`);
    expect(page.url()).toContain('/console/sign-in?returnTo=');
    await press(way, page, page.locator(`button[name=therapistId][value="${therapist.therapistId}"]`));
    await page.waitForURL(/\/console\/waiting-list$/);
    expect(await page.locator('h1').textContent()).toBe('Waiting list');
    const items = page.locator('ul.items > li');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).locator('h3').textContent()).toContain('1. Ann Early');
    expect(await items.nth(1).locator('h3').textContent()).toContain('2. Ben Later');
    expect(await page.getByRole('link', { name: 'Waiting list' }).getAttribute('aria-current')).toBe('page');
    await expectCalm(page, `${tag} 1 list`);

    // The message is behind a click.
    const message = items.nth(0).locator('.message').first();
    expect(await message.isVisible()).toBe(false);
    await press(way, page, items.nth(0).getByText("Read Ann Early's message"));
    expect(await message.isVisible()).toBe(true);
    expect(await message.textContent()).toBe(written.enquiry.message);
    await expectCalm(page, `${tag} 2 message open`);

    // Offer Ann a place, with a note; the email is there to read first.
    expect(await items.nth(0).getByText('The email Ann Early will receive if you offer a place').count()).toBe(1);
    await fill(
      way,
      page,
      page.getByLabel('A note to Ann Early (optional)').first(),
      'A place has come free. I would be glad to meet.',
    );
    await press(way, page, page.getByRole('button', { name: 'Offer Ann Early a place' }));
    await page.waitForURL(/done=offered$/);
    expect(await page.locator('[role=status]').textContent()).toContain('The offer is on its way');
    if (way.js) expect(await page.evaluate("document.activeElement?.getAttribute('role')")).toBe('status');
    expect(await page.getByText('Place offered').count()).toBe(1);
    await expectCalm(page, `${tag} 3 offered`);
    const [offer] = await messages('waiting-list-offer', ann.email);
    expect((offer!.data as { note?: string }).note).toBe('A place has come free. I would be glad to meet.');

    // Take Ben off the list, behind a second step (and, with JavaScript, a question).
    const benItem = page.locator('ul.items > li', { hasText: 'Ben Later' });
    await press(way, page, benItem.getByText('Take Ben Later off the list', { exact: true }).first());
    await fill(
      way,
      page,
      page.getByLabel('A note to Ben Later (optional)').last(),
      'I cannot see space this year. I am sorry.',
    );
    await press(way, page, page.getByRole('button', { name: 'Take Ben Later off the list' }));
    await page.waitForURL(/done=removed$/);
    expect(await page.locator('[role=status]').textContent()).toContain('They are off your waiting list');
    expect(await page.locator('ul.items > li').count()).toBe(1);
    await expectCalm(page, `${tag} 4 removed`);
    expect((await messages('waiting-list-closed', ben.email))[0]!.data).toMatchObject({
      reason: 'removed',
      note: 'I cannot see space this year. I am sorry.',
    });

    // Closed for now, with a note, on the same page.
    await choose(way, page, page.getByLabel('Closed', { exact: true }));
    await fill(
      way,
      page,
      page.getByLabel('A note for people who find you full or closed (optional)'),
      'Closed until the spring.',
    );
    await press(way, page, page.getByRole('button', { name: 'Save whether you take new clients' }));
    await page.waitForURL(/done=status-saved$/);
    expect(await page.getByText('Closed: nobody new can write to you').count()).toBe(1);
    await expectCalm(page, `${tag} 5 closed`);
    expect((await therapistReadsNewClients(therapist.therapistId)).json()).toMatchObject({
      status: 'closed',
      note: 'Closed until the spring.',
    });
  } catch (error) {
    await page.screenshot({ path: join(shots, `${tag}-FAILED.png`), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}

describe('the waiting-list page in a browser', () => {
  const ways: Way[] = [
    { js: true, keyboard: true, viewport: 'phone' },
    { js: true, keyboard: true, viewport: 'desktop' },
    { js: false, keyboard: false, viewport: 'phone' },
    { js: false, keyboard: false, viewport: 'desktop' },
  ];
  it.each(ways)(
    'JavaScript $js, keyboard alone $keyboard, $viewport: from the email link, read, offer, remove, close',
    { timeout: 120_000 },
    (way) => journey(way),
  );
});
