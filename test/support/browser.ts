/**
 * Browser tests: the real local HTTP server (infra/local/http-server.ts) over the real handlers, on a
 * free port, reading the test file's table; and Debian's Chromium driven by playwright-core (no
 * browser download). A missing Chromium fails the suite with what to install: CI installs it
 * (.ci/run), so a skip would only hide that the pages went untested.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { capabilities, type Capability } from '../../functions/routes.js';
import { startApiServer, type RunningApiServer } from '../../infra/local/http-server.js';
import { loadHandler, type ApiHandler } from '../../infra/local/stack.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless run in a container: no sandbox (no user namespaces there), nothing fetched from the network. */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`The browser tests need Debian's Chromium at ${chromiumPath}, and it is not there. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH).`);
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
  return startApiServer({ port: 0, handlerFor: async (capability) => handlers.get(capability), verify: async () => undefined, log: () => undefined });
}

/** Screenshots go to a temp folder (never into git); THRESHOLD_SCREENSHOTS chooses another. */
export function screenshotDir(): string {
  const chosen = process.env.THRESHOLD_SCREENSHOTS;
  if (!chosen) return mkdtempSync(join(tmpdir(), 'threshold-pages-'));
  mkdirSync(chosen, { recursive: true });
  return chosen;
}
