/** The light table of who each template writes to is the catalogue's own, template for template. */
import { describe, expect, it } from 'vitest';
import { templateAudiences } from '#shared/email/template-audiences.js';
import { templates } from '#shared/email/templates/index.js';

describe('template audiences', () => {
  it('name every template in the catalogue with its own audience, and nothing else', () => {
    expect(templateAudiences).toEqual(
      Object.fromEntries(Object.entries(templates).map(([name, t]) => [name, t.audience])),
    );
  });
});
