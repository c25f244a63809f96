/**
 * The pages email links open, in a real headless Chromium over the real local HTTP server and
 * handlers: choose a time in the visitor's own zone, book, see the confirmation; the therapist
 * confirms; cancel from the manage page with a reason. Also without JavaScript, by keyboard alone,
 * a lost race, moving a booking, and a link that does not work. Screenshots of every page go to a
 * temp folder (printed once) for a person to look at.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../infra/local/http-server.js';
import { clock, DAY } from '../support/driver.js';
import { useTestEnvironment } from '../support/environment.js';
import { launchChromium, screenshotDir, startPagesServer } from '../support/browser.js';
import { aPractice, anAcceptedEnquiry, clientBooks, onlyMessage, practice, therapistActs, therapistListsBookings, tokenOf, weekdays } from '../integration/bookings/steps.js';

useTestEnvironment();

let api: RunningApiServer;
let browser: Browser;
const shots = screenshotDir();
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [api, browser] = await Promise.all([startPagesServer(), launchChromium()]);
  console.log(`Page screenshots: ${shots}`);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await api?.stop();
});

/** The driver's clock is the test's; the server runs on the wall clock, so keep them together. */
const syncClock = () => clock.set(new Date());

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 900, height: 900 }, ...options });
  contexts.push(context);
  return context.newPage();
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

async function bookingIdFor(therapistId: string, email: string): Promise<string> {
  syncClock();
  const listed = await therapistListsBookings(therapistId);
  const found = listed.json<{ items: { bookingId: string; client: { email: string } }[] }>().items.find((b) => b.client.email === email);
  expect(found, `a booking for ${email}`).toBeDefined();
  return found!.bookingId;
}

/** Every form control has a label, there is one h1, and the page says its language. */
async function expectAccessibleBasics(page: Page): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
  expect(await page.locator('h1').count()).toBe(1);
  // A string, evaluated in the page: this project's types have no DOM (Lambda code must not use it).
  const unlabelled = await page.evaluate<string[]>(
    "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => el.labels.length === 0).map((el) => el.outerHTML)",
  );
  expect(unlabelled).toEqual([]);
}

describe('booking pages in a browser', () => {
  it('books in the browser\'s zone (New York), the therapist confirms, the client cancels with a reason', { timeout: 40_000 }, async () => {
    syncClock();
    const therapist = await aPractice();
    const { client, token } = await anAcceptedEnquiry(therapist);
    const page = await newPage({ timezoneId: 'America/New_York' });

    // Opened without ?tz=: the page shows London time, and its script reloads it once in the browser's zone.
    await page.goto(`${api.url}/book/${token}`);
    await page.waitForURL(/tz=America%2FNew_York/);
    await expect.poll(() => page.locator('#zone-line').textContent()).toContain('Times are shown in New York time.');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Choose a time for your first appointment with Sam Rivera');
    await expectAccessibleBasics(page);
    // London 09:00–17:00 on weekdays is 04:00 or 05:00 onwards in New York.
    // The last time of the second day: far enough ahead to be outside the 24-hour cancellation window.
    const chosen = page.locator('fieldset').nth(1).locator('label.slot').last();
    const chosenLabel = (await chosen.textContent())!;
    const chosenStart = (await chosen.locator('input').getAttribute('value'))!;
    expect(chosenStart).toMatch(/-0[45]:00$/);
    expect(chosenLabel).toMatch(new RegExp(`^${chosenStart.slice(11, 16)} to \\d\\d:\\d\\d$`));
    expect(await page.locator('fieldset legend').first().textContent()).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+$/);
    await shot(page, '1-book-new-york');

    await chosen.click();
    await page.getByRole('button', { name: 'Request this time' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your request is with Sam Rivera');
    const confirmation = (await page.locator('main').textContent())!;
    expect(confirmation).toContain(`${chosenLabel} (New York time)`);
    expect(confirmation).toContain('You will get an email when Sam Rivera confirms it.');
    await shot(page, '2-requested');

    // Reloading the confirmation posts again: no second booking, the same kind words.
    const again = await page.reload();
    expect(again?.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('Your request is with Sam Rivera');

    // The therapist confirms; the confirmation email carries the manage link.
    const bookingId = await bookingIdFor(therapist.therapistId, client.email);
    expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);
    const confirmed = await onlyMessage('booking-confirmed', client.email);
    const manageToken = tokenOf(confirmed.data.manageUrl);

    await page.goto(`${api.url}/manage/${manageToken}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your first appointment with Sam Rivera');
    const manage = (await page.locator('main').textContent())!;
    expect(manage).toContain('Booked and confirmed.');
    expect(manage).toContain('(New York time)');
    expect(manage).toContain('It is a video call.');
    await expectAccessibleBasics(page);
    expect(await page.getByRole('heading', { name: 'Move to another time' }).count()).toBe(1);
    await shot(page, '3-manage-confirmed');

    await page.getByLabel('Anything you would like Sam Rivera to know (optional)').fill('Something came up at work, sorry.');
    await page.getByRole('button', { name: 'Cancel this appointment' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your first appointment with Sam Rivera is cancelled');
    await shot(page, '4-cancelled');

    syncClock();
    const stored = await therapistListsBookings(therapist.therapistId);
    const booking = stored.json<{ items: { bookingId: string; status: string; clientReason?: string; cancelledBy?: string }[] }>().items.find((b) => b.bookingId === bookingId);
    expect(booking).toMatchObject({ status: 'cancelled', cancelledBy: 'client', clientReason: 'Something came up at work, sorry.' });

    // The manage link now says so, with no forms left.
    await page.goto(`${api.url}/manage/${manageToken}`);
    expect(await page.locator('main').textContent()).toContain('This first appointment is cancelled.');
    expect(await page.locator('form[method=post]').count()).toBe(0);
  });

  it('books without JavaScript, and the zone picker works as a plain form', { timeout: 30_000 }, async () => {
    syncClock();
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    const page = await newPage({ javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' });

    await page.goto(`${api.url}/book/${token}`);
    expect(page.url()).not.toContain('tz=');
    expect(await page.locator('#zone-line').textContent()).toContain('Times are shown in London time.');

    await page.locator('summary').click();
    await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await page.getByRole('button', { name: 'Show times in this zone' }).click();
    await page.waitForURL(/tz=America%2FLos_Angeles/);
    expect(await page.locator('#zone-line').textContent()).toContain('Times are shown in Los Angeles time.');
    await shot(page, '5-no-js-los-angeles');

    await page.locator('label.slot').nth(2).click();
    await page.getByRole('button', { name: 'Request this time' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your request is with Sam Rivera');
    expect(await page.locator('main').textContent()).toContain('(Los Angeles time)');
  });

  it('books by keyboard alone where the therapist confirms automatically, then moves it', { timeout: 30_000 }, async () => {
    syncClock();
    const therapist = await aPractice(practice({ requiresConfirmation: false }), weekdays('Europe/London'));
    const { client, token } = await anAcceptedEnquiry(therapist);
    const page = await newPage({ timezoneId: 'Europe/London' });

    // A week that starts three days on, so the first time is outside the 24-hour window and can be moved.
    const from = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    await page.goto(`${api.url}/book/${token}?from=${from}&tz=Europe/London`);
    // Tab through the page until a slot's radio has the focus (the radios are one group: one stop).
    let onRadio = false;
    for (let i = 0; i < 12 && !onRadio; i++) {
      await page.keyboard.press('Tab');
      onRadio = (await page.locator('input[type=radio]:focus').count()) === 1;
    }
    expect(onRadio, 'a slot radio is reachable by Tab').toBe(true);
    expect(await page.locator(':focus').getAttribute('id')).toBe('slot-1');
    expect(await page.locator(':focus').evaluate('(el) => getComputedStyle(el).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Space');
    expect(await page.locator('input[name=start]:checked').count()).toBe(1);
    // The times are one radio group, so the next Tab stop is the button.
    await page.keyboard.press('Tab');
    expect(await page.locator('button:focus').textContent()).toBe('Book this time');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your first appointment is booked');
    expect(await page.locator('main').textContent()).toContain('(London time)');
    await shot(page, '6-booked-by-keyboard');

    const confirmed = await onlyMessage('booking-confirmed', client.email);
    await page.goto(`${api.url}/manage/${tokenOf(confirmed.data.manageUrl)}`);
    const moveTo = page.locator('section', { has: page.getByRole('heading', { name: 'Move to another time' }) }).locator('label.slot').nth(5);
    const newTime = (await moveTo.textContent())!;
    await moveTo.click();
    await page.getByRole('button', { name: 'Move to this time' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your first appointment with Sam Rivera has moved');
    expect(await page.locator('main').textContent()).toContain(`${newTime} (London time)`);
    await shot(page, '7-moved');
    // Back to the manage page from the answer's link.
    await page.getByRole('link', { name: 'See or change your first appointment' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your first appointment with Sam Rivera');
  });

  it('a time taken meanwhile re-renders the free times with a message that has the focus', { timeout: 30_000 }, async () => {
    syncClock();
    const therapist = await aPractice();
    const [first, second] = [await anAcceptedEnquiry(therapist), await anAcceptedEnquiry(therapist)];
    const page = await newPage({ timezoneId: 'Europe/London' });
    await page.goto(`${api.url}/book/${first.token}`);
    const radio = page.locator('input[name=start]').first();
    const start = (await radio.getAttribute('value'))!;
    await page.locator('label.slot').first().click();

    // Someone else books the same time first, through the JSON API.
    syncClock();
    expect((await clientBooks(second.token, start)).status).toBe(201);

    await page.getByRole('button', { name: 'Request this time' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Here are the times still free.');
    expect(await page.locator(':focus').getAttribute('id')).toBe('form-message');
    expect(await page.locator(`input[name=start][value="${start}"]`).count()).toBe(0);
    expect(await page.locator('fieldset').first().getAttribute('aria-describedby')).toBe('form-message');
    await shot(page, '8-lost-race');
  });

  it('a link that does not work says so kindly, with the status a JSON client gets', { timeout: 20_000 }, async () => {
    const page = await newPage();
    const response = await page.goto(`${api.url}/book/${'x'.repeat(43)}`);
    expect(response?.status()).toBe(401);
    expect(await page.locator('h1').textContent()).toBe('This link is not working');
    const manage = await page.goto(`${api.url}/manage/not-a-token`);
    expect(manage?.status()).toBe(401);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  });
});
