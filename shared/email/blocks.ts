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
  | { kind: 'footer'; text: string };

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
export const footer = (text: string): Block => ({ kind: 'footer', text });
