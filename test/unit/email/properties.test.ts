/**
 * Whatever strings arrive in a message's data, the HTML has exactly the markup of the template
 * (no `<` from data survives) and the subject stays one header line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { renderMessage } from '#shared/email/render.js';
import { samples } from './samples.js';
import { testContactUrl } from './sample.js';

const render = (template: string, data: unknown) => renderMessage({ template, data }, ukCrisisSupport, testContactUrl);
// Line breaks follow the note's own lines, so <br> is the one tag whose count data may change.
const tags = (html: string) => (html.match(/<[^>]*>/g) ?? []).filter((t) => t !== '<br>');
const nameArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0);
const noteArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).filter((s) => s.trim().length > 0);
const linkArb = fc.webUrl({ withQueryParameters: true, withFragments: true });

describe.each(samples)('$label with arbitrary strings', ({ template, data }) => {
  const baseline = render(template, data);
  const hasNote = 'note' in data;
  const linkKeys = Object.keys(data).filter((k) => k.endsWith('Url'));

  it('keeps the template’s markup and clean headers', () => {
    fc.assert(
      fc.property(
        nameArb,
        nameArb,
        noteArb,
        fc.array(linkArb, { minLength: linkKeys.length, maxLength: linkKeys.length }),
        (clientName, therapistName, note, urls) => {
          const links = Object.fromEntries(linkKeys.map((k, i) => [k, urls[i]]));
          const email = render(template, {
            ...data,
            clientName,
            therapistName,
            ...(hasNote ? { note } : {}),
            ...links,
          });
          expect(tags(email.html)).toEqual(
            tags(baseline.html).map((t) =>
              t.startsWith('<a href=') ? expect.stringMatching(/^<a href="[^"<>]*"/) : t,
            ),
          );
          // A value that is itself a piece of the template's markup (a lone "<") is found there whatever
          // happens to the value; the tag comparison above already shows no markup was injected.
          for (const value of [clientName, therapistName, note])
            if (/[<>"]/.test(value) && !baseline.html.includes(value.trim()))
              expect(email.html).not.toContain(value.trim());
          expect(email.subject).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns: Number(process.env.EMAIL_PROPERTY_RUNS ?? 150) },
    );
  });
});
