/**
 * Outbox message → subject, text and HTML. The stored message is untrusted input here: its envelope
 * and its template's data are parsed, and a message that does not parse is a permanent failure
 * (sending it again would fail the same way).
 */
import { decodeTime, isValid as isUlid } from 'ulid';
import * as z from '../zod.js';
import type { CrisisSupport } from '../config.js';
import type { Attachment } from './compose.js';
import { headerValue } from './header.js';
import type { TemplateName } from './messages.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import type { EmailTemplate, TemplateContext } from './template.js';
import { templates, templatesToWrite, type WrittenTemplateName } from './templates/index.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: Attachment[];
}

/** Why a message cannot be rendered. The message names fields, never their values. */
export class MessageInvalid extends Error {
  override readonly name: string = 'MessageInvalid';
}

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

function draftOf<N extends TemplateName>(template: EmailTemplate<N>, data: unknown, context: TemplateContext) {
  const parsed = template.data.safeParse(data);
  if (!parsed.success) throw new MessageInvalid(`Invalid data for ${template.name}: ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  return template.draft(parsed.data, context);
}

/**
 * Outbox ids are ULIDs made from the use case's `now` (ids.ts), so the id says when the message was
 * written; without one (a preview) it is the moment of rendering.
 */
const writtenAt = (id: string | undefined): Date => (id !== undefined && isUlid(id) ? new Date(decodeTime(id)) : new Date());

/** Whether a message shows crisis lines, so the sender looks up its therapist's own only then. */
export const showsCrisisSupport = (template: string): boolean => isWritten(template) && templates[template].crisisSupport;

export function renderMessage(message: Pick<OutboxEnvelope, 'template' | 'data'> & { id?: string }, crisisSupport: CrisisSupport): RenderedEmail {
  if (!isWritten(message.template)) {
    const name = JSON.stringify(message.template.slice(0, 64));
    throw isToWrite(message.template) ? new TemplateMissing(`No template yet for ${name}`) : new MessageInvalid(`Unknown template ${name}`);
  }
  // The lookup widens to a union of templates; draftOf re-pairs each template with its own data.
  const template = templates[message.template] as EmailTemplate<TemplateName>;
  let draft;
  try {
    draft = draftOf(template, message.data, { crisisSupport, writtenAt: writtenAt(message.id) });
  } catch (error) {
    if (error instanceof MessageInvalid) throw error;
    // A formatter rejecting a zone or time the schema let through is still bad data, not an outage.
    throw new MessageInvalid(`Cannot render ${template.name}: ${error instanceof RangeError ? 'bad time or zone' : 'unexpected data'}`);
  }
  const subject = headerValue(draft.subject);
  return { subject, text: renderText(draft.blocks), html: renderHtml(subject, draft.blocks), attachments: draft.attachments ?? [] };
}
