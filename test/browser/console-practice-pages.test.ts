/**
 * The console's pages for what used to need the API: your public details and your calendars, in
 * Chromium over the local HTTP server. At 390 and 1280 px, with JavaScript (keyboard only) and
 * without; axe-core finds nothing; the copy button appears only where the script can copy.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { putTherapist, type TherapistProfile } from '#shared/store/therapists.js';
import { readPublicProfile } from '#shared/use-cases/profile/public-profile.js';
import { readBusyCalendars } from '#shared/use-cases/calendars/busy-calendars.js';
import { axeViolations, launchChromium, openPage, tabTo, type ViewportName } from '../support/browser.js';
import { startConsoleServer } from '../support/console.js';
import { useTestEnvironment } from '../support/environment.js';
import { mentions, partition } from '../integration/erasure/steps.js';

const env = useTestEnvironment();
const therapists: string[] = [];
/** Each with a name of their own: the local sign-in page lists every therapist by name. */
const names = ['Sam Rivera', 'Alex Morgan', 'Robin Ellis', 'Kit Adeyemi'];
let api: RunningApiServer;
let browser: Browser;

beforeAll(async () => {
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-practice-browser-')), 'jwt-key.json'));
  [api, browser] = await Promise.all([
    startConsoleServer(createLocalConsoleHandler({ therapists: () => therapists, key: async () => key })),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

async function signedIn(
  viewport: ViewportName,
  javaScript: boolean,
): Promise<{ page: Page; therapist: TherapistProfile }> {
  const therapist: TherapistProfile = {
    therapistId: `t-${randomUUID()}`,
    displayName: names[therapists.length % names.length]!,
    shortName: 'Sam',
    email: `sam-${randomUUID()}@therapist.test`,
    timeZone: 'Europe/London',
    createdAt: new Date().toISOString(),
  };
  await putTherapist(env.runtime().db, env.tableName, therapist);
  therapists.push(therapist.therapistId);
  const page = await openPage(browser, viewport, { javaScriptEnabled: javaScript, timezoneId: 'Europe/London' });
  await page.goto(`${api.url}/console/profile`);
  await page.getByRole('button', { name: `Sign in as ${therapist.displayName}` }).click();
  await page.waitForURL(/\/console\/profile$/);
  return { page, therapist };
}

async function expectCalm(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page), label).toEqual([]);
  expect(
    await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    `${label}: no sideways scrolling`,
  ).toBe(true);
}

/** Types into a field reached with Tab alone, then submits with Enter on the button reached the same way. */
async function byKeyboard(page: Page, fields: [string, string][], button: string): Promise<void> {
  for (const [selector, text] of fields) {
    expect(await tabTo(page, selector, 120), selector).toBe(true);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(text);
  }
  expect(await tabTo(page, button, 120), button).toBe(true);
  await page.keyboard.press('Enter');
}

const ways = [
  { name: 'keyboard with JavaScript at 1280 px', viewport: 'desktop', javaScript: true },
  { name: 'without JavaScript at 390 px', viewport: 'phone', javaScript: false },
  { name: 'keyboard with JavaScript at 390 px', viewport: 'phone', javaScript: true },
] as const;

describe('public details and calendars in a browser', () => {
  for (const way of ways) {
    it(`${way.name}: Today, own crisis lines saved, a busy calendar added, the feed's new address made, a person erased with a receipt`, {
      timeout: 90_000,
    }, async () => {
      const { page, therapist } = await signedIn(way.viewport, way.javaScript);
      // Today, the console's home: calm at this width, and the way on from it by keyboard or pointer.
      await page.goto(`${api.url}/console`);
      expect(await page.locator('h1').textContent()).toBe('Today');
      expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Today');
      await expectCalm(page, `${way.name} today`);
      if (way.javaScript) {
        expect(await tabTo(page, 'nav a[href="/console/profile"]', 60)).toBe(true);
        await page.keyboard.press('Enter');
      } else await page.getByRole('link', { name: 'Your pages' }).click();
      await page.waitForURL(/\/console\/profile$/);
      expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Your pages');
      await expectCalm(page, `${way.name} profile`);
      expect(await page.getByRole('button', { name: 'Copy' }).first().isVisible()).toBe(way.javaScript);

      const fields: [string, string][] = [
        ['#f-crisisSupport-region', 'Ireland'],
        ['#f-crisisSupport-lines-0-name', 'Samaritans Ireland'],
        ['#f-crisisSupport-lines-0-detail', 'call 116 123, free, day or night'],
      ];
      await page.getByLabel('My own, for where I practise').check();
      if (way.javaScript) await byKeyboard(page, fields, 'button.primary');
      else {
        for (const [selector, text] of fields) await page.locator(selector).fill(text);
        await page.locator('button.primary').click();
      }
      await page.waitForURL(/done=saved$/);
      expect(await page.locator('[role=status]').first().textContent()).toContain('Saved.');
      await expectCalm(page, `${way.name} profile saved`);
      expect((await readPublicProfile(env.runtime(), therapist.therapistId)).crisisSupport.region).toBe('Ireland');

      await page.getByRole('link', { name: 'Calendars' }).click();
      await page.waitForURL(/\/console\/calendar$/);
      await expectCalm(page, `${way.name} calendars`);
      expect(await page.getByRole('button', { name: 'Copy the address' }).isVisible()).toBe(way.javaScript);
      const calendar: [string, string][] = [
        ['#f-label', 'Home'],
        ['#f-url', 'https://calendar.example.org/secret/basic.ics'],
      ];
      if (way.javaScript) await byKeyboard(page, calendar, 'button:text("Add calendar")');
      else {
        for (const [selector, text] of calendar) await page.locator(selector).fill(text);
        await page.getByRole('button', { name: 'Add calendar' }).click();
      }
      await page.waitForURL(/done=added$/);
      expect(await page.getByText('Not read yet.').count()).toBe(1);
      expect((await readBusyCalendars(env.runtime(), therapist.therapistId)).map((c) => c.label)).toEqual(['Home']);
      await expectCalm(page, `${way.name} calendar added`);

      const before = await page.locator('#feed-url').inputValue();
      page.once('dialog', (dialog) => dialog.accept());
      await page.getByRole('button', { name: 'Make a new address' }).click();
      await page.waitForURL(/done=rotated$/);
      expect(await page.locator('#feed-url').inputValue()).not.toBe(before);

      // Erasure: two steps and a receipt, the data gone from the table afterwards.
      const jo = `jo-${randomUUID()}@client.test`;
      const sent = await fetch(`${api.url}/therapists/${therapist.therapistId}/enquiries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Jo', email: jo, message: 'Hello.', consent: true }),
      });
      expect(sent.status).toBe(201);
      await page.getByRole('link', { name: 'Clients' }).click();
      await page.getByRole('link', { name: 'Erase a person’s data' }).click();
      await page.waitForURL(/\/console\/erasure$/);
      await expectCalm(page, `${way.name} erasure`);
      if (way.javaScript) await byKeyboard(page, [['#f-email', jo]], 'button.primary');
      else {
        await page.locator('#f-email').fill(jo);
        await page.locator('button.primary').click();
      }
      await page.getByRole('heading', { name: 'What will be removed' }).waitFor();
      expect(await page.getByText('1 enquiry, with its message').count()).toBe(1);
      await expectCalm(page, `${way.name} erasure preview`);
      page.once('dialog', (dialog) => dialog.accept());
      if (way.javaScript) await byKeyboard(page, [['#f-confirmEmail', jo]], 'button.danger');
      else {
        await page.locator('#f-confirmEmail').fill(jo);
        await page.locator('button.danger').click();
      }
      await page.getByRole('heading', { name: 'Their data is erased' }).waitFor();
      await expectCalm(page, `${way.name} erasure receipt`);
      expect((await partition(therapist.therapistId)).some((i) => mentions(i, [jo]))).toBe(false);
      await page.context().close();
    });
  }
});
