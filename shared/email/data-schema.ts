/** Field schemas shared by the templates' data schemas. */
import { DateTime } from 'luxon';
import * as z from '../zod.js';
import { isTimeZone } from './format-time.js';
import { oneLine } from './header.js';

/** A person's name as shown in a sentence or a header: one line. */
export const personName = z.pipe(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), z.transform(oneLine));
/** A therapist's own words; line breaks are kept, length is bounded. */
export const note = z.string().check(z.trim(), z.minLength(1), z.maxLength(4000));
export const timeZone = z.string().check(z.refine(isTimeZone, 'not an IANA time zone'));
export const isoTime = z.string().check(z.refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, 'not an ISO date or time'));
/** Only web links: an href must never run script or open a local file. */
export const link = z.url({ protocol: /^https?$/ });
