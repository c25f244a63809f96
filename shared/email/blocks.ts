/**
 * An email is written once, as a short list of blocks, and rendered twice: to plain text and to
 * HTML (render-text.ts, render-html.ts). Because both come from the same blocks, the two parts
 * cannot drift apart in what they say.
 */
import type { CrisisLine, CrisisSupport } from '../config.js';
import type { Attachment } from './compose.js';

export interface Link {
  label: string;
  url: string;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  /** The one thing the reader is most likely to want to do. */
  | { kind: 'button'; link: Link }
  /** Several equal choices side by side (Accept, Decline). */
  | { kind: 'choices'; links: Link[] }
  /** Words someone wrote themselves (a therapist's note), kept with their line breaks. */
  | { kind: 'quote'; intro: string; text: string }
  | { kind: 'list'; intro: string; items: string[] }
  | { kind: 'crisis'; support: CrisisSupport }
  | { kind: 'signature'; name: string }
  /** Small print at the end; `link`: where to reach a person, since nobody reads replies. */
  | { kind: 'footer'; text: string; link?: Link }
  /**
   * The end of every client email: that it is automatic, and the way to reach the therapist. The
   * renderer fills in the link from the message's context (render-template.ts), so no template can
   * leave a client with nowhere to turn.
   */
  | { kind: 'reach'; therapistName: string };

export interface EmailDraft {
  subject: string;
  blocks: Block[];
  /** Calendar invites (ICS) for booking messages. */
  attachments?: Attachment[];
}

export const crisisHeading = 'If you need support now, you do not have to wait:';
export const signOff = 'Best wishes,';

export const crisisLineText = (line: CrisisLine): string => `${line.name}: ${line.detail}`;

/** Someone reading far from where their therapist practises still needs a way to help near them. */
export const elsewhereText = (support: CrisisSupport): string =>
  `These numbers are for ${support.region}. If you are somewhere else, please call your local emergency number or a helpline where you are.`;

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const button = (label: string, url: string): Block => ({ kind: 'button', link: { label, url } });
export const choices = (...links: Link[]): Block => ({ kind: 'choices', links });
export const quote = (intro: string, text: string): Block => ({ kind: 'quote', intro, text });
export const list = (intro: string, items: string[]): Block => ({ kind: 'list', intro, items });
export const crisis = (support: CrisisSupport): Block => ({ kind: 'crisis', support });
export const signature = (name: string): Block => ({ kind: 'signature', name });
export const footer = (text: string, link?: Link): Block => ({ kind: 'footer', text, ...(link ? { link } : {}) });
export const reach = (therapistName: string): Block => ({ kind: 'reach', therapistName });
