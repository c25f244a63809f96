/**
 * Browser tests: the real local HTTP server (infra/local/http-server.ts) over the real handlers, on a
 * free port, reading the test file's table; and Debian's Chromium driven by playwright-core (no
 * browser download). A missing Chromium fails the suite with what to install: CI installs it
 * (.ci/run), so a skip would only hide that the pages went untested.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { capabilities, type Capability } from '#shared/manifest/routes.js';
import { startApiServer, type RunningApiServer } from '#infra/local/http-server.js';
import { loadHandler, type ApiHandler } from '#infra/local/stack.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless run in a container: no sandbox (no user namespaces there), nothing fetched from the network. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `The browser tests need Debian's Chromium at ${chromiumPath}, and it is not there. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/**
 * The local API over every capability's real handler. Therapist routes answer 401 here (no key):
 * tests act as the therapist through the handler driver (test/support/driver.ts) against the same table.
 */
export async function startPagesServer(): Promise<RunningApiServer> {
  const handlers = new Map<Capability, ApiHandler>();
  for (const capability of capabilities) {
    const handler = await loadHandler(capability);
    if (handler) handlers.set(capability, handler);
  }
  return startApiServer({
    port: 0,
    handlerFor: async (capability) => handlers.get(capability),
    verify: async () => undefined,
    log: () => undefined,
  });
}

/** Screenshots go to a temp folder (never into git); THRESHOLD_SCREENSHOTS chooses another. */
export function screenshotDir(): string {
  const chosen = process.env.THRESHOLD_SCREENSHOTS;
  if (!chosen) return mkdtempSync(join(tmpdir(), 'threshold-pages-'));
  mkdirSync(chosen, { recursive: true });
  return chosen;
}

/** The two widths every page is checked at: a phone (iPhone 12 to 15) and a laptop. */
export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;
export type ViewportName = keyof typeof viewports;

const axeSource = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Contexts opened with JavaScript off, where axe (which needs timers) is run on a copy of the page. */
const withoutScripts = new WeakSet<BrowserContext>();

/** A page in its own context at one of the two widths; remembers when JavaScript is off. */
export async function openPage(
  browser: Browser,
  viewport: ViewportName,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: viewports[viewport], ...options });
  if (options.javaScriptEnabled === false) withoutScripts.add(context);
  return context.newPage();
}

type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
/**
 * resultTypes: every rule still runs on every node, but axe builds selectors for its violations
 * only, not for each passing node (the slow tail of a run, and nothing here reads passes).
 */
const axeRun =
  "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] })";

/**
 * axe-core's WCAG 2.x A and AA rules (and its best practices) over the page as it is. Evaluated
 * through the DevTools protocol, which a page's CSP does not govern, so the page keeps its real CSP.
 * With JavaScript off axe cannot run (its timers never fire), so it checks a copy of the page's DOM,
 * scripts removed, at the same width, in a context where it can.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  let target = page;
  let copy: BrowserContext | undefined;
  if (withoutScripts.has(page.context())) {
    const browser = page.context().browser()!;
    copy = await browser.newContext({
      locale: 'en-GB',
      viewport: page.viewportSize() ?? viewports.desktop,
      javaScriptEnabled: true,
    });
    target = await copy.newPage();
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    await target.setContent(html);
  }
  try {
    await target.evaluate(axeSource);
    const result = await target.evaluate<AxeResult>(axeRun);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  } finally {
    await copy?.close();
  }
}

/** Presses Tab until `selector` has the focus (at most `limit` times); true when it got there. */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(`${selector}:focus`).count()) return true;
  }
  return false;
}

/** Where an element's bottom edge is, in CSS pixels from the top of the page. */
export async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on the page`);
  return box.y + box.height + ((await page.evaluate('window.scrollY')) as number);
}

/** Tab alone until `target` has the focus (at most `limit` presses): proof it is reachable without a pointer. */
export async function tabToLocator(page: Page, target: Locator, limit = 400): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Could not reach ${target} with Tab`);
}

/** A journey run by keyboard alone, or with a pointer. */
export interface InputWay {
  keyboard: boolean;
}

/** Clicks, or tabs to it and presses Enter (which presses a button, follows a link and opens a summary alike). */
export async function pressAs(way: InputWay, page: Page, target: Locator): Promise<void> {
  if (!way.keyboard) return target.click();
  await tabToLocator(page, target);
  await page.keyboard.press('Enter');
}

/** Fills, or tabs to it and types. */
export async function fillAs(way: InputWay, page: Page, target: Locator, text: string): Promise<void> {
  if (!way.keyboard) return target.fill(text);
  await tabToLocator(page, target);
  await page.keyboard.type(text);
}
