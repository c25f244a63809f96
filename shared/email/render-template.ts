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
import type { Block } from './blocks.js';
import { reachFooter } from './templates/voice.js';

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
  if (!parsed.success)
    throw new MessageInvalid(
      `Invalid data for ${template.name}: ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
    );
  return template.draft(parsed.data, context);
}

/**
 * Outbox ids are ULIDs made from the use case's `now` (ids.ts), so the id says when the message was
 * written; without one (a preview) it is the moment of rendering.
 */
const writtenAt = (id: string | undefined): Date =>
  id !== undefined && isUlid(id) ? new Date(decodeTime(id)) : new Date();

/** A reach block becomes the footer with the therapist's contact page from the context. */
const resolved = (blocks: readonly Block[], contactUrl: string): Block[] =>
  blocks.map((b) => (b.kind === 'reach' ? reachFooter(b.therapistName, contactUrl) : b));

/**
 * `data` is untrusted (stored, or built by a page): the template's schema parses it first.
 * `contactUrl`: the therapist's contact page (contact-links.ts), where a client can always write.
 */
export function renderTemplate<N extends TemplateName>(
  template: EmailTemplate<N>,
  message: { data: unknown; id?: string },
  crisisSupport: CrisisSupport,
  contactUrl: string,
): RenderedEmail {
  let draft;
  try {
    draft = draftOf(template, message.data, { crisisSupport, writtenAt: writtenAt(message.id), contactUrl });
  } catch (error) {
    if (error instanceof MessageInvalid) throw error;
    // A formatter rejecting a zone or time the schema let through is still bad data, not an outage.
    throw new MessageInvalid(
      `Cannot render ${template.name}: ${error instanceof RangeError ? 'bad time or zone' : 'unexpected data'}`,
    );
  }
  const subject = headerValue(draft.subject);
  const blocks = resolved(draft.blocks, contactUrl);
  return { subject, text: renderText(blocks), html: renderHtml(subject, blocks), attachments: draft.attachments ?? [] };
}
