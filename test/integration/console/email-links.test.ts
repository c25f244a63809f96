/**
 * Every link in a therapist's email opens something in a browser: one-click actions at /actions/…
 * as before, and everything else at the console page of that enquiry, booking or return request,
 * which opens (after sign-in) for that therapist.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsoleHandler } from '#infra/local/console.js';
import type { RunningApiServer } from '#infra/local/http-server.js';
import { loadSigningKey } from '#infra/local/jwt.js';
import { templates } from '#shared/email/templates/index.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { ConsoleAgent, signInLocally, startConsoleServer } from '#test/support/console.js';
import { aPractice, anAcceptedEnquiry, clientBooks, clientListsSlots, messages } from '../bookings/steps.js';
import type { GivenTherapist } from '#test/support/steps/given.js';

useTestEnvironment();
let api: RunningApiServer;
let therapist: GivenTherapist;

beforeAll(async () => {
  clock.set(new Date());
  therapist = await aPractice();
  const key = await loadSigningKey(join(mkdtempSync(join(tmpdir(), 'threshold-links-')), 'jwt-key.json'));
  api = await startConsoleServer(
    createLocalConsoleHandler({ therapists: () => [therapist.therapistId], key: async () => key }),
  );
});
afterAll(() => api?.stop());

const linksIn = (data: unknown): string[] => JSON.stringify(data).match(/https?:\/\/[^"\s]+/g) ?? [];

describe("links in a therapist's emails", () => {
  it('open console pages (or one-click actions), and each console page opens for its therapist', async () => {
    const { token } = await anAcceptedEnquiry(therapist);
    const slots = await clientListsSlots(token);
    const start = slots.json<{ slots: { start: string }[] }>().slots[3]!.start;
    expect((await clientBooks(token, start, 'Europe/London')).status).toBe(201);
    const client = { name: 'Al', email: `al-${therapist.therapistId}@client.test` };
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/clients',
          as: therapist.therapistId,
          json: { ...client, status: 'paused' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await send({
          method: 'POST',
          path: `/therapists/${therapist.therapistId}/returns`,
          json: { name: client.name, email: client.email, message: 'Hello again', consent: true },
        })
      ).status,
    ).toBe(202);

    const toTherapist = (await messages('enquiry-new', therapist.email))
      .concat(await messages('booking-request', therapist.email))
      .concat(await messages('return-request-new', therapist.email));
    expect(toTherapist.map((m) => m.template).sort()).toEqual(['booking-request', 'enquiry-new', 'return-request-new']);
    for (const m of toTherapist) expect(templates[m.template as keyof typeof templates].audience).toBe('therapist');

    const agent = new ConsoleAgent(api.url);
    await signInLocally(agent, therapist.therapistId);
    const pages: string[] = [];
    for (const message of toTherapist)
      for (const link of linksIn(message.data)) {
        const { origin, pathname } = new URL(link);
        // The practice's own video link is the therapist's setting, not ours.
        if (link === 'https://video.example/sam') continue;
        expect(origin).toBe('https://api.threshold.test');
        expect(pathname, `${message.template}: ${pathname}`).toMatch(
          /^\/(actions\/[A-Za-z0-9_-]{43}|console\/(enquiries|bookings|returns)\/[A-Za-z0-9_-]+)$/,
        );
        if (pathname.startsWith('/console/')) pages.push(pathname);
      }
    expect(pages.map((p) => p.split('/')[2]).sort()).toEqual(['bookings', 'enquiries', 'returns']);
    for (const page of pages) {
      const opened = await agent.get(page);
      expect(opened.status, page).toBe(200);
    }
  });
});
