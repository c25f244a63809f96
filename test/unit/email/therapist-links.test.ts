/**
 * Every link in a therapist's email opens a page that works in a browser: a console page (behind
 * sign-in, coming back to it after), or a one-click action page (/actions/{token}, which asks before
 * it acts). A JSON route such as /me/... answers 401 to a browser, so it never appears in an email.
 */
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { renderMessage } from '#shared/email/render.js';
import { templates } from '#shared/email/templates/index.js';
import { newId } from '#shared/ids.js';
import { hrefs } from './html-text.js';
import { testContactUrl } from './sample.js';
import { samples } from './samples.js';

const id = newId(new Date('2025-02-25T09:30:00Z'));
const audienceOf = (name: string) =>
  (templates as Record<string, { audience: 'client' | 'therapist' } | undefined>)[name]?.audience;
const therapistSamples = samples.filter((s) => audienceOf(s.template) === 'therapist');
const opensInABrowser = (url: string) =>
  /^\/console(\/|$)/.test(new URL(url).pathname) || /^\/actions\/[\w-]+$/.test(new URL(url).pathname);

describe("links in a therapist's email", () => {
  it('every therapist template has a sample to check', () => {
    const withSample = new Set(therapistSamples.map((s) => s.template));
    const therapistTemplates = Object.values(templates)
      .filter((t) => t.audience === 'therapist')
      .map((t) => t.name);
    expect(therapistTemplates.length).toBeGreaterThan(5);
    expect(therapistTemplates.filter((t) => !withSample.has(t))).toEqual([]);
  });

  it.each(therapistSamples)('each opens a console page or a one-click action: $label', ({ template, data }) => {
    const email = renderMessage({ id, template, data }, ukCrisisSupport, testContactUrl);
    const links = hrefs(email.html);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !opensInABrowser(l))).toEqual([]);
    // The plain-text part carries the same links.
    const inText = [...email.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
    expect(inText.filter((l) => !opensInABrowser(l))).toEqual([]);
  });
});
