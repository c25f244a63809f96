/**
 * The client's first pages in a real Chromium over the real local server: the contact page, the
 * page for coming back, what follows a send (an answer, field errors that keep what was typed, a
 * rate limit), a therapist who is not there, and the privacy notice. With JavaScript and without, by
 * keyboard alone, at 390 px and 1280 px, axe-core on each. And the README's two ways onto a
 * therapist's own website, taken from the README itself: the iframe (shown only where allowed) and
 * the plain HTML form. Screenshots go to a temp folder (printed once) for a person to look at.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { getRuntime } from '#shared/runtime.js';
import { setPublicSettings } from '#shared/store/therapists.js';
import {
  axeViolations,
  launchChromium,
  openPage,
  screenshotDir,
  startPagesServer,
  tabTo,
  viewports,
  type ViewportName,
} from '../support/browser.js';
import { useTestEnvironment } from '../support/environment.js';
import { aClient, aTherapist } from '../support/steps/given.js';
import { therapistListsEnquiries } from '../support/steps/when.js';
import { therapistAddsClient, therapistListsReturns } from '../integration/clients/steps.js';

useTestEnvironment({ rateLimitPerEmailPerDay: 2 });

let api: RunningApiServer;
let browser: Browser;
let site: Server;
let sitePort = 0;
let sitePage = '';
const shots = screenshotDir();
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // A therapist's own website, on another origin: it serves whatever page the test puts there.
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(sitePage));
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  sitePort = (site.address() as AddressInfo).port;
  [api, browser] = await Promise.all([startPagesServer(), launchChromium()]);
  console.log(`Page screenshots: ${shots}`);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await api?.stop();
  await new Promise((done) => site?.close(done));
});

async function newPage(viewport: ViewportName, javaScriptEnabled = true): Promise<Page> {
  const page = await openPage(browser, viewport, { javaScriptEnabled, timezoneId: 'Europe/London' });
  contexts.push(page.context());
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const h1 = (page: Page) => page.locator('h1').textContent();

async function expectAccessible(page: Page, label: string): Promise<void> {
  expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
  expect(await page.locator('h1').count()).toBe(1);
  expect(await axeViolations(page), `axe on ${label}`).toEqual([]);
}

const modes = [
  { viewport: 'phone', javaScriptEnabled: false },
  { viewport: 'desktop', javaScriptEnabled: true },
  { viewport: 'phone', javaScriptEnabled: true },
  { viewport: 'desktop', javaScriptEnabled: false },
] as const;

describe('the contact page in a browser', () => {
  for (const { viewport, javaScriptEnabled } of modes) {
    const mode = `${viewports[viewport].width} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`;
    it(`first contact at ${mode}: a refused send keeps what was typed, then the answer`, {
      timeout: 40_000,
    }, async () => {
      const therapist = await aTherapist();
      const client = aClient();
      const page = await newPage(viewport, javaScriptEnabled);
      const opened = await page.goto(`${api.url}/contact/${therapist.therapistId}`);
      expect(opened?.status()).toBe(200);
      expect(await h1(page)).toBe('Write to Sam Rivera');
      // The crisis lines come before the form.
      const [help, form] = [await page.locator('.help-now').boundingBox(), await page.locator('form').boundingBox()];
      expect(help!.y).toBeLessThan(form!.y);
      await expectAccessible(page, `contact page, ${mode}`);
      await shot(page, `contact-1-${viewport}-${javaScriptEnabled ? 'js' : 'no-js'}`);

      // A slip in the address, and no consent: both said, what was typed kept.
      await page.getByLabel('Your name').fill('Jo');
      await page.getByLabel('Your email address').fill('jo.example.com');
      await page.getByLabel('Your message (optional)').fill('It has been a hard year & I would like to talk.');
      await page.getByRole('button', { name: 'Send my message' }).click();
      await expect.poll(() => page.title()).toBe('Error: Write to Sam Rivera');
      expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');
      expect(await page.getByLabel('Your email address').inputValue()).toBe('jo.example.com');
      expect(await page.getByLabel('Your message (optional)').inputValue()).toBe(
        'It has been a hard year & I would like to talk.',
      );
      expect(await page.locator('#email-error').textContent()).toContain(
        'Please enter your email address, like name@example.com.',
      );
      expect(await page.locator('#consent-error').textContent()).toContain('Please tick the box');
      await expectAccessible(page, `contact page with errors, ${mode}`);
      await shot(page, `contact-2-${viewport}-${javaScriptEnabled ? 'js' : 'no-js'}-errors`);

      // The summary's link takes you to the field.
      await page.locator('.error-summary a', { hasText: 'email address' }).click();
      expect(await page.locator(':focus').getAttribute('id')).toBe('email');
      await page.getByLabel('Your email address').fill(client.email);
      await page.getByLabel('I have read the privacy notice and I agree to it.').check();
      await page.getByRole('button', { name: 'Send my message' }).click();
      await expect.poll(() => h1(page)).toBe('Sam Rivera has your message');
      expect(await page.locator('main').textContent()).toContain('Samaritans: call 116 123');
      await expectAccessible(page, `answer, ${mode}`);
      await shot(page, `contact-3-${viewport}-${javaScriptEnabled ? 'js' : 'no-js'}-sent`);
      const inbox = (await therapistListsEnquiries(therapist.therapistId)).json<{
        items: { email: string; hasMessage: boolean }[];
      }>().items;
      expect(inbox).toEqual([expect.objectContaining({ email: client.email, hasMessage: true })]);
    });
  }

  it('by keyboard alone: every field, the consent box and the button, in order', { timeout: 30_000 }, async () => {
    const therapist = await aTherapist();
    const client = aClient();
    const page = await newPage('phone');
    await page.goto(`${api.url}/contact/${therapist.therapistId}`);
    expect(await tabTo(page, '#name')).toBe(true);
    expect(await page.locator(':focus').evaluate('(el) => getComputedStyle(el).outlineStyle')).not.toBe('none');
    await page.keyboard.type('Alex');
    await page.keyboard.press('Tab');
    await page.keyboard.type(client.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('+44 7700 900123');
    await page.keyboard.press('Tab'); // the radio group: "By email" chosen
    await page.keyboard.press('ArrowDown'); // "By phone"
    expect(await page.locator('input[name=preferredContact]:checked').getAttribute('value')).toBe('phone');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Evenings are easier for me.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Weekday evenings');
    expect(await tabTo(page, '#consent', 3)).toBe(true); // past the privacy link
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    // The honeypot is out of the way: the next stop is the button.
    expect(await page.locator('button:focus').textContent()).toBe('Send my message');
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Sam Rivera has your message');
    const inbox = (await therapistListsEnquiries(therapist.therapistId)).json<{
      items: { preferredContact: string; hasPhone: boolean; hasTimePreferences: boolean }[];
    }>().items;
    expect(inbox).toEqual([
      expect.objectContaining({ preferredContact: 'phone', hasPhone: true, hasTimePreferences: true }),
    ]);
  });

  for (const viewport of ['phone', 'desktop'] as const) {
    it(`after a rate limit keeps the message and says when to send again, at ${viewports[viewport].width} px`, {
      timeout: 30_000,
    }, async () => {
      const [a, b, c] = [await aTherapist(), await aTherapist(), await aTherapist()];
      const client = aClient();
      const page = await newPage(viewport, viewport === 'phone');
      for (const therapist of [a, b, c]) {
        await page.goto(`${api.url}/contact/${therapist.therapistId}`);
        await page.getByLabel('Your name').fill('Jo');
        await page.getByLabel('Your email address').fill(client.email);
        await page.getByLabel('Your message (optional)').fill(`Hello ${therapist.therapistId}`);
        await page.getByLabel('I have read the privacy notice and I agree to it.').check();
        await page.getByRole('button', { name: 'Send my message' }).click();
        await page.waitForLoadState();
      }
      expect(await page.locator('#form-notice h2').textContent()).toBe('We could not send this just now');
      expect(await page.locator(':focus').getAttribute('id')).toBe('form-notice');
      expect(await page.getByLabel('Your message (optional)').inputValue()).toBe(`Hello ${c.therapistId}`);
      await expectAccessible(page, `rate limited, ${viewport}`);
      await shot(page, `contact-4-${viewport}-rate-limited`);
    });
  }

  for (const { viewport, javaScriptEnabled } of modes) {
    const mode = `${viewports[viewport].width} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`;
    it(`coming back at ${mode}: the same answer for a client and a stranger`, { timeout: 40_000 }, async () => {
      const therapist = await aTherapist();
      const known = aClient();
      expect(
        (await therapistAddsClient(therapist.therapistId, { name: known.name, email: known.email, status: 'paused' }))
          .status,
      ).toBe(201);
      const stranger = aClient();
      const page = await newPage(viewport, javaScriptEnabled);
      const answers: string[] = [];
      for (const person of [known, stranger]) {
        await page.goto(`${api.url}/contact/${therapist.therapistId}`);
        await page.getByRole('link', { name: 'Write to Sam about coming back' }).click();
        await expect.poll(() => h1(page)).toBe('Get back in touch with Sam Rivera');
        if (person === known) {
          await expectAccessible(page, `return page, ${mode}`);
          await shot(page, `return-1-${viewport}-${javaScriptEnabled ? 'js' : 'no-js'}`);
        }
        await page.getByLabel('Your name').fill(person.name);
        await page.getByLabel('Your email address').fill(person.email);
        await page.getByLabel('I have read the privacy notice and I agree to it.').check();
        await page.getByRole('button', { name: 'Send my message' }).click();
        await expect.poll(() => h1(page)).toBe('Sam Rivera has your message');
        answers.push(await page.locator('main').innerHTML());
      }
      expect(answers[0]).toBe(answers[1]);
      await expectAccessible(page, `return answer, ${mode}`);
      expect((await therapistListsReturns(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(1);
      expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(1);
    });
  }

  for (const viewport of ['phone', 'desktop'] as const) {
    it(`a therapist who is not there, and the privacy notice, at ${viewports[viewport].width} px`, {
      timeout: 30_000,
    }, async () => {
      const page = await newPage(viewport, viewport === 'desktop');
      const missing = await page.goto(`${api.url}/contact/nobody-here`);
      expect(missing?.status()).toBe(404);
      expect(await h1(page)).toBe('We could not find this page');
      expect(await page.locator('main').textContent()).toContain('Samaritans');
      await expectAccessible(page, `404, ${viewport}`);
      await shot(page, `contact-5-${viewport}-not-found`);

      // A therapist ops disabled (npm run therapist -- disable): a kind page, no form, help now.
      const disabled = await aTherapist();
      await getRuntime().store.therapists.setTakingMessages(disabled.therapistId, new Date());
      const gone = await page.goto(`${api.url}/contact/${disabled.therapistId}`);
      expect(gone?.status()).toBe(410);
      expect(await h1(page)).toBe('Sam Rivera is not taking messages here');
      expect(await page.locator('form').count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain('Samaritans');
      await expectAccessible(page, `not taking messages, ${viewport}`);
      await shot(page, `contact-6-${viewport}-not-taking-messages`);

      const notice = await page.goto(`${api.url}/privacy`);
      expect(notice?.status()).toBe(200);
      expect(await h1(page)).toBe('Privacy notice');
      await expectAccessible(page, `privacy notice, ${viewport}`);
      await shot(page, `privacy-${viewport}`);
    });
  }
});

/** A fenced ```html block of the README, the first after `heading`. */
function readmeSnippet(heading: string): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const after = readme.slice(readme.indexOf(heading));
  const match = /```html\n([\s\S]*?)```/.exec(after);
  if (!match) throw new Error(`No html snippet after "${heading}" in README.md`);
  return match[1]!;
}

describe("the README's snippets on a therapist's own website", () => {
  it('the iframe shows the contact page where the therapist allowed it, and nothing anywhere else', {
    timeout: 30_000,
  }, async () => {
    const therapist = await aTherapist();
    const allowed = `http://localhost:${sitePort}`;
    const { db, config } = getRuntime();
    await setPublicSettings(db, config.tableName, therapist.therapistId, { embedOrigins: [allowed] });
    sitePage = `<!doctype html><html lang="en-GB"><title>Sam's practice</title><h1>Sam's practice</h1>${readmeSnippet('### Embed the contact page').replaceAll('https://api.example.org', api.url).replaceAll('demo-therapist', therapist.therapistId)}`;

    const page = await newPage('desktop');
    await page.goto(`${allowed}/`);
    const frame = page.frameLocator('iframe');
    await expect
      .poll(() =>
        frame
          .locator('h1')
          .textContent({ timeout: 5_000 })
          .catch(() => null),
      )
      .toBe('Write to Sam Rivera');
    await shot(page, 'embed-1-allowed');

    // The same site under another origin (127.0.0.1 is not localhost to a browser): refused.
    const elsewhere = await newPage('desktop');
    await elsewhere.goto(`http://127.0.0.1:${sitePort}/`);
    await elsewhere.waitForTimeout(1000);
    const framed = elsewhere.frames().find((f) => f !== elsewhere.mainFrame());
    expect(framed, 'the iframe element is there').toBeDefined();
    // Chromium puts its own error page in a refused frame: never the contact page.
    expect(framed!.url()).toMatch(/^chrome-error:/);
    expect(await framed!.getByText('Write to Sam Rivera').count()).toBe(0);
  });

  it('the plain HTML form posts from another origin, without JavaScript, and lands on the answer page', {
    timeout: 30_000,
  }, async () => {
    const therapist = await aTherapist();
    const client = aClient();
    sitePage = `<!doctype html><html lang="en-GB"><title>Write to Sam</title><h1>Write to Sam</h1>${readmeSnippet('### Or post your own form').replaceAll('https://api.example.org', api.url).replaceAll('demo-therapist', therapist.therapistId)}`;
    const page = await newPage('phone', false);
    await page.goto(`http://127.0.0.1:${sitePort}/`);
    await page.getByLabel('Your name').fill('Jo');
    await page.getByLabel('Your email address').fill(client.email);
    await page.getByLabel('Your message (optional)').fill('Found you through your website.');
    await page.getByLabel(/I have read the/).check();
    await page.getByRole('button', { name: 'Send my message' }).click();
    await expect.poll(() => h1(page)).toBe('Sam Rivera has your message');
    expect(page.url()).toBe(`${api.url}/contact/${therapist.therapistId}`);
    const inbox = (await therapistListsEnquiries(therapist.therapistId)).json<{
      items: { email: string; hasMessage: boolean }[];
    }>().items;
    expect(inbox).toEqual([expect.objectContaining({ email: client.email, hasMessage: true })]);
  });
});

describe('the accessibility check itself', () => {
  // The pages above pass it; this shows it would say so if they did not, with JavaScript on and off.
  const faulty = `<!doctype html><html lang="en-GB"><head><title>Faulty</title></head><body><main><h1>Faulty</h1>
<form><input type="text" name="name"></form><p style="color:#bbb;background:#fff">Pale words</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`;

  for (const javaScriptEnabled of [true, false]) {
    it(`finds an unlabelled field, pale text and an image without alt (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, {
      timeout: 30_000,
    }, async () => {
      const page = await newPage('phone', javaScriptEnabled);
      await page.setContent(faulty);
      const found = (await axeViolations(page)).map((v) => v.id);
      expect(found).toEqual(expect.arrayContaining(['label', 'color-contrast', 'image-alt']));
    });
  }
});
