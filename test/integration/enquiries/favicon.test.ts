/** The icon beside every page: served by the API and cached, so no page load asks for a 404. */
import { describe, expect, it } from 'vitest';
import { handlerMode, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aTherapist } from '#test/support/steps/given.js';

useTestEnvironment();

describe('the favicon', () => {
  it('answers 200 with an SVG that browsers and caches may keep for a week', async () => {
    const icon = await send({ method: 'GET', path: '/favicon.ico' });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('public, max-age=604800, immutable');
    expect(icon.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
  });

  it.runIf(handlerMode)('is named by the pages, whose policy lets them load it', async () => {
    const therapist = await aTherapist();
    for (const path of [`/contact/${therapist.therapistId}`, '/privacy', '/book/not-a-real-token-at-all']) {
      const page = await send({ method: 'GET', path });
      expect(page.text, path).toContain('<link rel="icon" href="/favicon.ico" type="image/svg+xml">');
      expect(page.headers['content-security-policy'], path).toContain("img-src 'self'");
    }
  });
});
