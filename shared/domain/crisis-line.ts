/**
 * A crisis line as every client-facing page and email shows it: a name and how to reach it, each one
 * line (shared/domain/one-line-text.ts). The same field schemas check a deployment's lines, a
 * therapist's own (PUT /me/profile) and what an email shows, with the words a therapist reads.
 */
import * as z from '../zod.js';
import { oneLineText } from './one-line-text.js';

export const crisisLineName = oneLineText({
  what: 'each crisis line’s name',
  max: 80,
  missing: 'Please give each crisis line a name, such as "Samaritans".',
  tooLong: 'Please keep a crisis line name to 80 characters or fewer.',
});
export const crisisLineDetail = oneLineText({
  what: 'how to reach each line',
  max: 160,
  missing: 'Please say how to reach each line, such as "call 116 123, free, day or night".',
  tooLong: 'Please keep how to reach a line to 160 characters or fewer.',
});
/** Where the lines are for, as a sentence says it: "These numbers are for the UK." */
export const crisisRegion = oneLineText({
  what: 'where the lines are for',
  max: 60,
  missing: 'Please say where the lines are for, such as "Ireland".',
  tooLong: 'Please keep the place to 60 characters or fewer.',
}).check(z.minLength(2, 'Please say where the lines are for, such as "Ireland".'));

export const crisisLineSchema = z.strictObject(
  { name: crisisLineName, detail: crisisLineDetail },
  { error: 'Please give each crisis line as { "name", "detail" }.' },
);
export type CrisisLine = z.infer<typeof crisisLineSchema>;
