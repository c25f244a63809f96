/**
 * The pages email links open, in a real headless Chromium over the real local HTTP server and
 * handlers, as a nervous first-time client meets them: choose a day, then a time, in the visitor's
 * own zone; book; move it (first) or cancel it (on a second step). With JavaScript and without, by
 * keyboard alone, at 390 px and 1280 px, each page checked by axe-core. On a phone the booking
 * button is measured to be within 1.5 screens for an 8-hour day. Screenshots of every page go to a
 * temp folder (printed once) for a person to look at.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { clock, DAY, send } from '../support/driver.js';
import { useTestEnvironment } from '../support/environment.js';
import {
  axeViolations,
  bottomOf,
  launchChromium,
  openPage,
  screenshotDir,
  startPagesServer,
  tabTo,
  viewports,
  type ViewportName,
} from '../support/browser.js';
import {
  aPractice,
  anAcceptedEnquiry,
  clientBooks,
  onlyMessage,
  practice,
  therapistActs,
  therapistListsBookings,
  tokenOf,
  weekdays,
} from '../integration/bookings/steps.js';

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

async function newPage(viewport: ViewportName, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const page = await openPage(browser, viewport, options);
  contexts.push(page.context());
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

async function bookingIdFor(therapistId: string, email: string): Promise<string> {
  syncClock();
  const listed = await therapistListsBookings(therapistId);
  const found = listed
    .json<{ items: { bookingId: string; client: { email: string } }[] }>()
    .items.find((b) => b.client.email === email);
  expect(found, `a booking for ${email}`).toBeDefined();
  return found!.bookingId;
}

/** One h1, the page's language said, every control labelled, and axe-core finding nothing. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
  expect(await page.locator('h1').count()).toBe(1);
  expect(await axeViolations(page), `axe on ${label}`).toEqual([]);
}

const h1 = (page: Page) => page.locator('h1').textContent();

describe('booking pages in a browser', () => {
  it("books in the browser's zone (New York): a day, then a time; the therapist confirms; the client moves it, then cancels on a second step", {
    timeout: 60_000,
  }, async () => {
    syncClock();
    const therapist = await aPractice();
    const { client, token } = await anAcceptedEnquiry(therapist);
    const page = await newPage('desktop', { timezoneId: 'America/New_York' });

    // Opened without ?tz=: the page shows London time, and its script (allowed by its hash) reloads it once in the browser's zone.
    await page.goto(`${api.url}/book/${token}`);
    await page.waitForURL(/tz=America%2FNew_York/);
    await expect.poll(() => page.locator('#zone-line').textContent()).toContain('Times are shown in New York time.');
    expect(await h1(page)).toBe('Choose a time for your first consultation with Sam Rivera');
    // Days first, the first of them chosen, and only that day's times.
    const days = page.locator('ul.days a');
    expect(await days.count()).toBeGreaterThanOrEqual(3);
    expect(await days.first().getAttribute('aria-current')).toBe('date');
    expect(await page.locator('#times legend').textContent()).toMatch(
      /^Times on (Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+$/,
    );
    await expectAccessible(page, 'book page, New York, 1280');
    await shot(page, 'book-1-desktop-new-york');

    // The second day: far enough ahead to be outside the 24-hour cancellation window.
    const secondDay = (await days.nth(1).textContent())!.replace(/\s+/g, ' ').trim();
    await days.nth(1).click();
    await page.waitForURL(/day=\d{4}-\d\d-\d\d#times$/);
    expect(await page.locator('#times legend').textContent()).toBe(`Times on ${secondDay}`);
    const chosen = page.locator('label.slot').last();
    const chosenLabel = (await chosen.textContent())!;
    const chosenStart = (await chosen.locator('input').getAttribute('value'))!;
    expect(chosenStart).toMatch(/-0[45]:00$/);
    expect(chosenLabel).toMatch(new RegExp(`^${chosenStart.slice(11, 16)} to \\d\\d:\\d\\d$`));

    await chosen.click();
    await page.getByRole('button', { name: 'Request this time' }).click();
    await expect.poll(() => h1(page)).toBe('Your request is with Sam Rivera');
    const confirmation = (await page.locator('main').textContent())!;
    expect(confirmation).toContain(`${chosenLabel} (New York time)`);
    expect(confirmation).toContain('You will get an email when Sam Rivera confirms it.');
    await expectAccessible(page, 'request sent, 1280');
    await shot(page, 'book-2-desktop-requested');

    // Reloading the confirmation posts again: no second booking, the same kind words.
    const again = await page.reload();
    expect(again?.status()).toBe(409);
    expect(await h1(page)).toBe('Your request is with Sam Rivera');

    // The therapist confirms; the confirmation email carries the manage link.
    const bookingId = await bookingIdFor(therapist.therapistId, client.email);
    expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);
    const manageToken = tokenOf((await onlyMessage('booking-confirmed', client.email)).data.manageUrl);

    // The booking's zone is the client's own (New York): nothing to reload.
    await page.goto(`${api.url}/manage/${manageToken}`);
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera');
    const manage = (await page.locator('main').textContent())!;
    expect(manage).toContain('Booked and confirmed.');
    expect(manage).toContain('(New York time)');
    expect(manage).toContain('It is a video call.');
    // Moving comes first; cancelling is a plain link to a second step, not a button.
    const headings = await page.locator('h2').allTextContents();
    expect(headings.indexOf('Move to another time')).toBeLessThan(headings.indexOf('Cannot make it?'));
    expect(await page.getByRole('button', { name: /cancel/i }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Cancel this appointment' }).count()).toBe(1);
    await expectAccessible(page, 'manage page, 1280');
    await shot(page, 'manage-1-desktop');

    // The time already held is not offered on its own day.
    await page
      .locator('ul.days a', { hasText: secondDay.split(' ')[0]! })
      .first()
      .click();
    expect(await page.locator(`input[name=start][value="${chosenStart}"]`).count()).toBe(0);
    const moveTo = page.locator('label.slot').first();
    const newTime = (await moveTo.textContent())!;
    await moveTo.click();
    await page.getByRole('button', { name: 'Move to this time' }).click();
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera has moved');
    expect(await page.locator('main').textContent()).toContain(`${newTime} (New York time)`);
    await expectAccessible(page, 'moved, 1280');
    await shot(page, 'manage-2-desktop-moved');

    // Cancel: the link leads to a page that asks once more; "No, keep it" goes back unchanged.
    await page.getByRole('link', { name: 'See or change your first consultation' }).click();
    await page.getByRole('link', { name: 'Cancel this appointment' }).click();
    await expect.poll(() => h1(page)).toBe('Cancel your first consultation?');
    await expectAccessible(page, 'cancel step, 1280');
    await shot(page, 'manage-3-desktop-cancel-step');
    await page.getByRole('link', { name: 'No, keep it' }).click();
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera');
    await page.getByRole('link', { name: 'Cancel this appointment' }).click();
    await page
      .getByLabel('Anything you would like Sam Rivera to know (optional)')
      .fill('Something came up at work, sorry.');
    await page.getByRole('button', { name: 'Yes, cancel my first consultation' }).click();
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera is cancelled');
    await expectAccessible(page, 'cancelled, 1280');
    await shot(page, 'manage-4-desktop-cancelled');

    syncClock();
    const stored = await therapistListsBookings(therapist.therapistId);
    const booking = stored
      .json<{ items: { bookingId: string; status: string; clientReason?: string; cancelledBy?: string }[] }>()
      .items.find((b) => b.bookingId === bookingId);
    expect(booking).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'client',
      clientReason: 'Something came up at work, sorry.',
    });
    await page.goto(`${api.url}/manage/${manageToken}`);
    expect(await page.locator('main').textContent()).toContain('This first consultation is cancelled.');
    expect(await page.locator('form[method=post]').count()).toBe(0);
  });

  it('on a phone without JavaScript: the zone picker, a day, a time, a request', { timeout: 40_000 }, async () => {
    syncClock();
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    const page = await newPage('phone', { javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' });

    await page.goto(`${api.url}/book/${token}`);
    expect(page.url()).not.toContain('tz=');
    expect(await page.locator('#zone-line').textContent()).toContain('Times are shown in London time.');
    await expectAccessible(page, 'book page, no JavaScript, 390');
    await shot(page, 'book-3-phone-no-js');

    await page.locator('summary').click();
    await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await page.getByRole('button', { name: 'Show times in this zone' }).click();
    await page.waitForURL(/tz=America%2FLos_Angeles/);
    expect(await page.locator('#zone-line').textContent()).toContain('Times are shown in Los Angeles time.');

    await page.locator('ul.days a').nth(2).click();
    await page.waitForURL(/#times$/);
    await page.locator('label.slot').nth(2).click();
    await page.getByRole('button', { name: 'Request this time' }).click();
    await expect.poll(() => h1(page)).toBe('Your request is with Sam Rivera');
    expect(await page.locator('main').textContent()).toContain('(Los Angeles time)');
    await expectAccessible(page, 'request sent, no JavaScript, 390');
    await shot(page, 'book-4-phone-requested');
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`on a 390 x 844 phone the button is within 1.5 screens for an 8-hour day (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, {
      timeout: 30_000,
    }, async () => {
      syncClock();
      // 09:00 to 17:00 on weekdays, 30-minute first consultations every 30 minutes: 16 times a day.
      const therapist = await aPractice(practice(), weekdays('Europe/London', '09:00', '17:00'));
      const { token } = await anAcceptedEnquiry(therapist);
      const page = await newPage('phone', { javaScriptEnabled, timezoneId: 'Europe/London' });
      await page.goto(`${api.url}/book/${token}`);
      // The fullest day of the week, so the measure is of a whole working day.
      const fullest = await page
        .locator('ul.days a')
        .evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href));
      let most = 0;
      let worst = 0;
      for (const href of fullest) {
        // Without the #times the link carries: measured from the top of the page, as it first opens.
        await page.goto(href.replace(/#times$/, ''));
        const times = await page.locator('label.slot').count();
        const button = await bottomOf(page, 'form button[type=submit]');
        if (times >= most) [most, worst] = [times, Math.max(worst, button)];
      }
      expect(most).toBe(16);
      console.info(
        `booking button on a 390x844 phone, ${most} times (JavaScript ${javaScriptEnabled ? 'on' : 'off'}): bottom at ${Math.round(worst)} px = ${(worst / 844).toFixed(2)} screens`,
      );
      expect(worst).toBeLessThanOrEqual(1.5 * 844);
      if (!javaScriptEnabled) await shot(page, 'book-5-phone-full-day');
    });
  }

  it('by keyboard alone on a phone, where the therapist confirms automatically: a day, a time, booked; then moved and cancelled', {
    timeout: 40_000,
  }, async () => {
    syncClock();
    const therapist = await aPractice(practice({ requiresConfirmation: false }), weekdays('Europe/London'));
    const { client, token } = await anAcceptedEnquiry(therapist);
    const page = await newPage('phone', { timezoneId: 'Europe/London' });

    // A week that starts three days on, so the time is outside the 24-hour window and can be changed.
    const from = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    await page.goto(`${api.url}/book/${token}?from=${from}&tz=Europe/London`);
    expect(await tabTo(page, 'ul.days li:nth-child(2) a'), 'the second day is reachable by Tab').toBe(true);
    expect(await page.locator(':focus').evaluate('(el) => getComputedStyle(el).outlineStyle')).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#times$/);
    expect(await tabTo(page, 'input[type=radio]'), 'a time is reachable by Tab').toBe(true);
    expect(await page.locator(':focus').getAttribute('id')).toBe('slot-1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await page.locator('input[name=start]:checked').getAttribute('id')).toBe('slot-2');
    // The times are one radio group, so the next Tab stop is the button.
    await page.keyboard.press('Tab');
    expect(await page.locator('button:focus').textContent()).toBe('Book this time');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Your first consultation is booked');
    expect(await page.locator('main').textContent()).toContain('(London time)');
    await shot(page, 'book-6-phone-booked-by-keyboard');

    const confirmed = await onlyMessage('booking-confirmed', client.email);
    await page.goto(`${api.url}/manage/${tokenOf(confirmed.data.manageUrl)}?tz=Europe/London`);
    await expectAccessible(page, 'manage page, 390');
    await shot(page, 'manage-5-phone');
    expect(await tabTo(page, 'section ul.days li:nth-child(3) a')).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#times$/);
    expect(await tabTo(page, 'input[type=radio]')).toBe(true);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.locator('button:focus').textContent()).toBe('Move to this time');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera has moved');
    await shot(page, 'manage-6-phone-moved');

    expect(await tabTo(page, 'a[href$="' + tokenOf(confirmed.data.manageUrl) + '"]')).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera');
    expect(await tabTo(page, 'a.quiet-button')).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Cancel your first consultation?');
    await expectAccessible(page, 'cancel step, 390');
    await shot(page, 'manage-7-phone-cancel-step');
    expect(await tabTo(page, 'button[type=submit]')).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera is cancelled');
    await expectAccessible(page, 'cancelled, 390');
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`on a phone (JavaScript ${javaScriptEnabled ? 'on' : 'off'}): how the meeting happens, the fees, a time too close to change marked, and the way to reach the therapist on every page`, {
      timeout: 60_000,
    }, async () => {
      syncClock();
      // Every hour of every day, so some times are always between the 12 hours' notice and the 24-hour cancellation window.
      const allDay = [{ start: '00:00', end: '23:30' }];
      const therapist = await aPractice(practice(), {
        timeZone: 'Europe/London',
        weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      });
      syncClock();
      await send({
        method: 'PUT',
        path: '/me/profile',
        as: therapist.therapistId,
        json: { fees: '£60 a session; ask about lower fees' },
      });
      const { client, token } = await anAcceptedEnquiry(therapist);
      const page = await newPage('phone', { javaScriptEnabled, timezoneId: 'Europe/London' });
      const contact = `contact/${therapist.therapistId}`;
      const reachesTherapist = async (label: string) => {
        const main = (await page.locator('main').textContent())!;
        expect(main, label).toContain('Samaritans: call 116 123');
        expect(await page.locator(`a[href$="${contact}"]`).count(), label).toBeGreaterThanOrEqual(1);
      };

      await page.goto(`${api.url}/book/${token}?tz=Europe/London`);
      const intro = (await page.locator('main').textContent())!;
      expect(intro).toContain('It is a video call. The link to join is in the email that confirms your time.');
      expect(intro).toContain('Fees: £60 a session; ask about lower fees');
      await reachesTherapist('book page');
      // The marked time is today or tomorrow.
      if ((await page.locator('label.slot.close').count()) === 0) await page.locator('ul.days a').nth(1).click();
      const close = page.locator('label.slot.close').first();
      expect(await close.textContent()).toContain('Too close to change online');
      expect(await page.locator('#close-note').textContent()).toContain('you could not cancel or move it here');
      await expectAccessible(page, `book page with a marked time, 390, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`);
      await shot(page, `book-8-phone-marked-${javaScriptEnabled ? 'js' : 'no-js'}`);

      await close.click();
      await page.getByRole('button', { name: 'Request this time' }).click();
      await expect.poll(() => h1(page)).toBe('Your request is with Sam Rivera');
      expect(await page.locator('main').textContent()).toMatch(
        /Sam Rivera will reply by \w+day \d{1,2} \w+, \d\d:\d\d \(London time\)\./,
      );
      await reachesTherapist('request sent');
      await expectAccessible(page, 'request sent with help, 390');

      syncClock();
      const manageToken = tokenOf((await onlyMessage('booking-requested', client.email)).data.manageUrl);
      await page.goto(`${api.url}/manage/${manageToken}?tz=Europe/London`);
      await reachesTherapist('manage');
      await expectAccessible(page, 'manage with help, 390');
      await page.getByRole('link', { name: 'Cancel this request' }).click();
      await expect.poll(() => h1(page)).toBe('Cancel your request?');
      await reachesTherapist('cancel step');
      await page.getByRole('button', { name: 'Yes, cancel my request' }).click();
      await expect.poll(() => h1(page)).toBe('Your first consultation with Sam Rivera is cancelled');
      await reachesTherapist('cancelled');
      await expectAccessible(page, 'cancelled with a way back, 390');
      await shot(page, `manage-8-phone-cancelled-way-back-${javaScriptEnabled ? 'js' : 'no-js'}`);
      // The way back: the same invitation, another time.
      await page.getByRole('link', { name: 'choose another time' }).click();
      await expect.poll(() => h1(page)).toBe('Choose a time for your first consultation with Sam Rivera');
    });
  }

  it("a time taken meanwhile re-renders that day's free times with a message that has the focus", {
    timeout: 30_000,
  }, async () => {
    syncClock();
    const therapist = await aPractice();
    const [first, second] = [await anAcceptedEnquiry(therapist), await anAcceptedEnquiry(therapist)];
    const page = await newPage('phone', { timezoneId: 'Europe/London' });
    await page.goto(`${api.url}/book/${first.token}?tz=Europe/London`);
    // The second day listed: a whole working day, whatever the time now. The first may be today with
    // a single time left under the notice period, and once that is taken the page rightly moves on.
    await page.goto(new URL((await page.locator('ul.days a').nth(1).getAttribute('href'))!, page.url()).href);
    const day = await page.locator('#times legend').textContent();
    const start = (await page.locator('input[name=start]').first().getAttribute('value'))!;
    await page.locator('label.slot').first().click();

    // Someone else books the same time first, through the JSON API.
    syncClock();
    expect((await clientBooks(second.token, start)).status).toBe(201);

    await page.getByRole('button', { name: 'Request this time' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Here are the times still free.');
    expect(await page.locator(':focus').getAttribute('id')).toBe('form-message');
    expect(await page.locator('#times legend').textContent()).toBe(day);
    expect(await page.locator(`input[name=start][value="${start}"]`).count()).toBe(0);
    expect(await page.locator('#times').getAttribute('aria-describedby')).toBe('form-message');
    await expectAccessible(page, 'lost race, 390');
    await shot(page, 'book-7-phone-lost-race');
  });

  for (const viewport of ['phone', 'desktop'] as const) {
    it(`a link that does not work says so kindly, with the crisis lines, at ${viewports[viewport].width} px`, {
      timeout: 20_000,
    }, async () => {
      const page = await newPage(viewport, { javaScriptEnabled: viewport === 'desktop' });
      const response = await page.goto(`${api.url}/book/${'x'.repeat(43)}`);
      expect(response?.status()).toBe(401);
      expect(await h1(page)).toBe('This link is not working');
      expect(await page.locator('main').textContent()).toContain('Samaritans: call 116 123');
      expect(response?.headers()['content-security-policy']).toContain("script-src 'none'");
      await expectAccessible(page, `broken link, ${viewport}`);
      await shot(page, `link-${viewport}-not-working`);
      expect((await page.goto(`${api.url}/manage/not-a-token`))?.status()).toBe(401);
    });
  }
});
