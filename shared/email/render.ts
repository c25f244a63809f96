/**
 * Outbox message → subject, text and HTML. The stored message is untrusted input here: its envelope
 * and its template's data are parsed, and a message that does not parse is a permanent failure
 * (sending it again would fail the same way).
 */
import * as z from '../zod.js';
import type { CrisisSupport } from '../config.js';
import type { TemplateName } from './messages.js';
import { MessageInvalid, renderTemplate, type RenderedEmail } from './render-template.js';
import type { EmailTemplate } from './template.js';
import { templates, templatesToWrite, type WrittenTemplateName } from './templates/index.js';

export { MessageInvalid, type RenderedEmail } from './render-template.js';

/** A message in the catalogue whose template is not written yet. */
export class TemplateMissing extends MessageInvalid {
  override readonly name: string = 'TemplateMissing';
}

export const outboxEnvelopeSchema = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)),
  therapistId: z.string().check(z.minLength(1)),
  template: z.string(),
  to: z.object({ email: z.email(), name: z.string() }),
  fromName: z.string(),
  data: z.unknown(),
});
export type OutboxEnvelope = z.infer<typeof outboxEnvelopeSchema>;

const isWritten = (name: string): name is WrittenTemplateName => Object.hasOwn(templates, name);
const isToWrite = (name: string): boolean => (templatesToWrite as readonly string[]).includes(name);

/** Who a template writes to, or undefined for a name not in the catalogue. */
export const audienceOf = (template: string): 'client' | 'therapist' | undefined =>
  isWritten(template) ? templates[template].audience : undefined;

/** Whether a message shows crisis lines, so the sender looks up its therapist's own only then. */
export const showsCrisisSupport = (template: string): boolean =>
  isWritten(template) && templates[template].crisisSupport;

/** `contactUrl`: the message's therapist's contact page (the mailer makes it from the envelope's therapistId). */
export function renderMessage(
  message: Pick<OutboxEnvelope, 'template' | 'data'> & { id?: string },
  crisisSupport: CrisisSupport,
  contactUrl: string,
): RenderedEmail {
  if (!isWritten(message.template)) {
    const name = JSON.stringify(message.template.slice(0, 64));
    throw isToWrite(message.template)
      ? new TemplateMissing(`No template yet for ${name}`)
      : new MessageInvalid(`Unknown template ${name}`);
  }
  // The lookup widens to a union of templates; renderTemplate re-pairs each template with its own data.
  return renderTemplate(templates[message.template] as EmailTemplate<TemplateName>, message, crisisSupport, contactUrl);
}
