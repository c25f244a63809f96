/**
 * One template, its data parsed and drafted into subject, text and HTML. Apart from the catalogue
 * (render.ts), so a page that previews a few emails (the console) bundles only those templates,
 * not every template and the calendar code the booking ones need.
 */
import { decodeTime, isValid as isUlid } from 'ulid';
import type { CrisisSupport } from '../config.js';
import type { Attachment } from './compose.js';
import { headerValue } from './header.js';
import type { TemplateName } from './messages.js';
import { renderHtml } from './render-html.js';
import { renderText } from './render-text.js';
import type { EmailTemplate, TemplateContext } from './template.js';

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

/** `data` is untrusted (stored, or built by a page): the template's schema parses it first. */
export function renderTemplate<N extends TemplateName>(template: EmailTemplate<N>, message: { data: unknown; id?: string }, crisisSupport: CrisisSupport): RenderedEmail {
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
