/** Field schemas shared by the templates' data schemas. */
import { DateTime } from 'luxon';
import * as z from '../zod.js';
import { isTimeZone } from './format-time.js';
import { oneLineText, personNameMax } from '../domain/one-line-text.js';

/**
 * A person's name as shown in a sentence or a header: the same one-line rules as where it was written
 * (shared/domain/one-line-text.ts), with the longest limit any writer has; text stored before those
 * rules is made one line first.
 */
export const personName = oneLineText({ what: 'the name', max: personNameMax }, true);
/** A therapist's own words; line breaks are kept, length is bounded. */
export const note = z.string().check(z.trim(), z.minLength(1), z.maxLength(4000));
export const timeZone = z.string().check(z.refine(isTimeZone, 'not an IANA time zone'));
export const isoTime = z
  .string()
  .check(z.refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, 'not an ISO date or time'));
/** Only web links: an href must never run script or open a local file. */
export const link = z.url({ protocol: /^https?$/ });
