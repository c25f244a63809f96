/** A crisis line as every client-facing page and email shows it: a name and how to reach it. */
import * as z from '../zod.js';

export const crisisLineSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  detail: z.string().check(z.minLength(1), z.maxLength(160)),
});
export type CrisisLine = z.infer<typeof crisisLineSchema>;
