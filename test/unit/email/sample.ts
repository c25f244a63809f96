/** One template's sample data, under a label that says which variant it shows. */
import type { TemplateName } from '../../../shared/email/messages.js';
import type { DataOf } from '../../../shared/email/template.js';

export interface Sample<N extends TemplateName = TemplateName> {
  label: string;
  template: N;
  data: DataOf<N>;
}
