/**
 * One name for one thing: the first meeting is a "first consultation" in every email, page and
 * calendar entry (shared/domain/vocabulary.ts), never a "first appointment" here and an "initial
 * consultation" there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { otherNamesForTheFirstConsultation } from '#shared/domain/vocabulary.js';
import { renderMessage } from '#shared/email/render.js';
import { newId } from '#shared/ids.js';
import { samples } from './samples.js';
import { testContactUrl } from './sample.js';

const id = newId(new Date('2025-02-25T09:30:00Z'));

/** Every TypeScript file under `dir`. */
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });

/** The code of a file without its comments: what can reach a reader. */
const withoutComments = (code: string): string =>
  code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('the name of the first meeting', () => {
  it.each(samples)('is "first consultation" in every email: $label', ({ template, data }) => {
    const email = renderMessage({ id, template, data }, ukCrisisSupport, testContactUrl);
    for (const part of [email.subject, email.text, email.html])
      expect(part).not.toMatch(otherNamesForTheFirstConsultation);
    // The reminder never says what kind of appointment it is (docs/voice-and-privacy.md: minimal on purpose).
    if (
      template !== 'booking-reminder' &&
      (data as { appointment?: { kind?: string } }).appointment?.kind === 'consultation'
    )
      expect(email.text).toMatch(/first consultation/i);
  });

  it('is never another name in any string a page, email or calendar says', () => {
    // vocabulary.ts names the other names on purpose, to find them.
    const found = ['shared', 'functions']
      .flatMap(sources)
      .filter((file) => !file.endsWith('shared/domain/vocabulary.ts'))
      .flatMap((file) =>
        withoutComments(readFileSync(file, 'utf8'))
          .split('\n')
          .filter((line) => otherNamesForTheFirstConsultation.test(line))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(found).toEqual([]);
  });
});
