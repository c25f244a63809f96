/** One template's sample data, under a label that says which variant it shows. */
import type { TemplateName } from '#shared/email/messages.js';
import type { DataOf } from '#shared/email/template.js';

export interface Sample<N extends TemplateName = TemplateName> {
  label: string;
  template: N;
  data: DataOf<N>;
}

/** The contact page every client sample email ends with (the mailer makes it from the therapist id). */
export const testContactUrl = 'https://api.threshold.test/contact/sam-0001';
