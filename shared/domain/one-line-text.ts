/**
 * One-line text a person or a therapist writes and Threshold shows again, in pages, email sentences
 * and email headers: a name, a crisis line's name and how to reach it. The same rules where it is
 * written and where it is rendered (shared/email/data-schema.ts), so nothing accepted on the way in
 * can be refused when an email is made of it:
 * - trimmed, and at most `max` characters (the writer's limit is never above the renderer's);
 * - no control characters (C0, DEL, C1), no line or paragraph separators: a line break in a header
 *   starts a new header, and in a sentence it is not what anyone meant;
 * - no bidirectional controls (U+200E/F, U+202A to U+202E, U+2066 to U+2069): they can make a name
 *   display reversed, or make the words after it read as something else. Right-to-left names need
 *   none of them; pages and emails isolate every name (`<bdi>`), so its direction never leaks.
 */
import * as z from '../zod.js';

/** The characters no one-line field holds. */
export const notOneLine = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const clean = /^[^\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/u;

/** True when `value` has nothing a one-line field refuses (length aside). */
export const isOneLine = (value: string): boolean => !notOneLine.test(value);

export interface OneLineOptions {
  /** How a sentence names the field: "your name", "the crisis line's name". */
  what: string;
  max: number;
  /** Said when it is missing or empty. */
  missing?: string;
  /** Said when it is too long; built when shown. */
  tooLong?: string;
}

const breaks = /[\p{Cc}\u2028\u2029]+/gu;
const directionMarks = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** Text made one line: control characters and line breaks become spaces, direction marks go, spaces collapse. */
export const asOneLine = (value: string): string =>
  value.replace(directionMarks, '').replace(breaks, ' ').replace(/\s+/g, ' ').trim();

/**
 * A one-line text field with plain words for each mistake. Where it is written it refuses what is not
 * one line; where it is shown (`repair`) it first makes older text one line, then checks it with the
 * same rules, so a write this accepted always renders.
 */
export const oneLineText = (
  {
    what,
    max,
    missing = `Please enter ${what}.`,
    tooLong = `Please keep ${what} to ${max} characters or fewer.`,
  }: OneLineOptions,
  repair = false,
) =>
  z.string({ error: (issue) => (issue.input === undefined ? missing : `Please send ${what} as text.`) }).check(
    z.trim(),
    z.minLength(1, missing),
    // Repaired after the check for a missing value, so older text renders as it did before these rules.
    // Only text that is not one line already is changed, so what a writer accepted renders exactly as written.
    ...(repair ? [z.overwrite((value: string) => (isOneLine(value) ? value : asOneLine(value)))] : []),
    z.maxLength(max, tooLong),
    z.regex(clean, `Please write ${what} on one line, without line breaks, tabs or hidden direction marks.`),
  );

/** The longest name any email or page shows; every place a name is written keeps to this or less. */
export const personNameMax = 200;
/** Names a client or a therapist writes (an enquiry, a return, a client brought in, a profile). */
export const writtenNameMax = 100;
