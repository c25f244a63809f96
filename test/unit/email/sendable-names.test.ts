/**
 * Nothing a writer accepts can fail rendering: any string a name field accepts where it is written,
 * the templates' name schema accepts as it is; the same for crisis lines, which both sides share.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ukCrisisSupport } from '#shared/config.js';
import { personName } from '#shared/email/data-schema.js';
import { renderMessage } from '#shared/email/render.js';
import { createEnquiryBody } from '#shared/use-cases/enquiries/first-contact-schemas.js';
import { testContactUrl } from './sample.js';
import { samples } from './samples.js';

const names = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\u202e', '\u2066', '\n', '\u0085', 'é', 'س'), maxLength: 120 }),
);

describe('a name accepted where it is written renders', () => {
  it('the enquiry form’s name field accepts only what the templates’ name schema accepts, unchanged, and the email renders with it', () => {
    fc.assert(
      fc.property(names, (name) => {
        const written = createEnquiryBody.safeParse({ name, email: 'jo@example.com', consent: true });
        if (!written.success) return;
        const shown = personName.safeParse(written.data.name);
        expect(shown.success).toBe(true);
        expect(shown.data).toBe(written.data.name);
        const sample = samples.find((s) => s.template === 'enquiry-received')!;
        expect(() =>
          renderMessage(
            {
              template: sample.template,
              data: { ...sample.data, clientName: written.data.name, therapistName: written.data.name },
            },
            ukCrisisSupport,
            testContactUrl,
          ),
        ).not.toThrow();
      }),
      {
        numRuns: 500,
        examples: [['! !'], ['!\u3000!'], ['山田\u3000太郎'], ['Jo  Smith'], [' \u202e '], ['Zoë Ødegård']],
      },
    );
  });

  it('signs every email with the name isolated (<bdi>), so a right-to-left name keeps to itself', () => {
    let signed = 0;
    for (const { template, data } of samples) {
      const email = renderMessage(
        { template, data: { ...data, therapistName: 'سارا احمدی' } },
        ukCrisisSupport,
        testContactUrl,
      );
      // Emails to the therapist carry no signature.
      if (!email.html.includes('Best wishes,')) continue;
      signed++;
      expect(email.html, template).toMatch(/Best wishes,<br><bdi>[^<]+<\/bdi><\/p>/);
    }
    expect(signed).toBeGreaterThan(20);
  });
});
