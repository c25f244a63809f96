/**
 * What a template is: a schema for the data it may see and one `draft` that turns that data into
 * blocks. The schema is the boundary: stored data is parsed with it and unknown fields are dropped,
 * so a template can only ever read what its type in messages.ts names — and no type there has room
 * for the client's own message.
 */
import type * as z from '../zod.js';
import type { CrisisSupport } from '../config.js';
import type { EmailDraft } from './blocks.js';
import type { OutboxMessageBody, TemplateName } from './messages.js';

export type DataOf<N extends TemplateName> = Extract<OutboxMessageBody, { template: N }>['data'];

export interface TemplateContext {
  /** The therapist's own crisis lines, or the deployment's: where the therapist practises. */
  crisisSupport: CrisisSupport;
  /**
   * When the message was written (the state change that caused it). A calendar invite's DTSTAMP:
   * the same message rendered again gives the same invite.
   */
  writtenAt: Date;
  /** The therapist's contact page: every client email ends with it, as the way to reach them. */
  contactUrl: string;
}

export interface EmailTemplate<N extends TemplateName> {
  name: N;
  /** Who reads it. Client messages follow the strictest voice rules in docs/voice-and-privacy.md. */
  audience: 'client' | 'therapist';
  /** First contact, decline and close carry the crisis-support block (docs/voice-and-privacy.md). */
  crisisSupport: boolean;
  data: z.ZodMiniType<DataOf<N>>;
  draft(data: DataOf<N>, context: TemplateContext): EmailDraft;
}

export const defineTemplate = <N extends TemplateName>(template: EmailTemplate<N>): EmailTemplate<N> => template;
