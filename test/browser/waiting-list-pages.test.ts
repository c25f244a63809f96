/**
 * The waiting person's pages in a real headless Chromium over the real local HTTP server: keep my
 * place and leave the list, without JavaScript and by keyboard alone, a spent link, and axe-core
 * (WCAG 2.2 AA rules) finding nothing on any of them.
 */
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { getRuntime } from '#shared/runtime.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { issueWaitingLink } from '#shared/use-cases/waiting-list/links.js';
import { clock } from '../support/driver.js';
import { useTestEnvironment } from '../support/environment.js';
import { launchChromium, startPagesServer } from '../support/browser.js';
import { aFullTherapist, someoneWrites, theList } from '../integration/waiting-list/steps.js';

useTestEnvironment();

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let api: RunningApiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [api, browser] = await Promise.all([startPagesServer(), launchChromium()]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await api?.stop();
});

async function newPage(javaScriptEnabled: boolean): Promise<Page> {
  // axe is injected by the test, so the page's own CSP is bypassed for it (the pages themselves run no script).
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 390, height: 844 },
    javaScriptEnabled,
    bypassCSP: true,
  });
  contexts.push(context);
  return context.newPage();
}

async function axeViolations(url: string): Promise<string[]> {
  const page = await newPage(true);
  await page.goto(url);
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(o: unknown): Promise<{ passes: unknown[]; violations: { id: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    return axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
  });
  // An axe that checked nothing would pass anything.
  expect(result.passes.length).toBeGreaterThan(5);
  return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
}

const heading = async (page: Page): Promise<string> => ((await page.locator('h1').textContent()) ?? '').trim();

/** A person on the list, and fresh stay and leave links for them on this server. */
async function aWaitingPerson(): Promise<{ stay: string; leave: string }> {
  clock.set(new Date());
  const therapist = await aFullTherapist();
  await someoneWrites(therapist);
  const [entry] = await theList(therapist.therapistId);
  const { db, config } = getRuntime();
  const [stay, leave] = (['waiting-stay', 'waiting-leave'] as const).map((purpose) =>
    issueWaitingLink(config.settings, getRuntime().store, purpose, therapist.therapistId, entry!.entryId, clock.now()),
  );
  await writeTransaction(db, [stay!.put, leave!.put]);
  return { stay: `${api.url}/waiting-list/${stay!.token}`, leave: `${api.url}/waiting-list/${leave!.token}` };
}

describe('the waiting person’s pages', () => {
  it('keeps a place without JavaScript, by keyboard alone; a second press meets a kind spent-link page', {
    timeout: 60_000,
  }, async () => {
    const { stay } = await aWaitingPerson();
    expect(await axeViolations(stay)).toEqual([]);
    const page = await newPage(false);
    await page.goto(stay);
    expect(await heading(page)).toBe("Keep your place on Sam Rivera's waiting list?");
    await page.keyboard.press('Tab');
    expect(await page.locator('button:focus').textContent()).toBe('Keep my place');
    // The form posts to the page's own address, so the URL cannot say when the answer has arrived:
    // wait for the POST's answer, then for its page.
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === stay);
    await page.keyboard.press('Enter');
    expect((await answered).status()).toBe(200);
    await expect.poll(() => heading(page).catch(() => '')).toBe('Thank you. Your place is kept');

    const again = await page.goto(stay);
    expect(again?.status()).toBe(410);
    expect(await heading(page)).toBe('This link has already been used');
    expect(await axeViolations(stay)).toEqual([]);
  });

  it('leaves the list after a question, with help to hand, and the page passes axe', { timeout: 60_000 }, async () => {
    const { leave } = await aWaitingPerson();
    expect(await axeViolations(leave)).toEqual([]);
    const page = await newPage(false);
    await page.goto(leave);
    expect(await heading(page)).toBe("Leave Sam Rivera's waiting list?");
    await page.getByRole('button', { name: 'Leave the waiting list' }).click();
    expect(await heading(page)).toBe("You have left Sam Rivera's waiting list");
    expect(await page.getByText('Samaritans: call 116 123').isVisible()).toBe(true);
    // The answered page, opened again, says where things stand: no longer on the list.
    const later = await newPage(true);
    const response = await later.goto(leave);
    expect(response?.status()).toBe(410);
  });
});
