/**
 * Field schemas shared by the public forms (first contact, a client's return): the same words for the
 * same mistake wherever a person makes it.
 */
import * as z from '../zod.js';

/** No control characters (line breaks, tabs...) in one-line fields: they end up in email headers. */
export const oneLine = /^[^\p{Cc}]*$/u;
const versionShape = /^[A-Za-z0-9._-]+$/;

/** A string field: says "enter X" when missing and "send X as text" when it is another type. */
export const text = (what: string, missing = `Please enter ${what}.`) =>
  z.string({ error: (issue) => (issue.input === undefined ? missing : `Please send ${what} as text.`) });

/** "jo@example": a name and an @ with a domain that has no dot in it, so it cannot be delivered yet. */
const incompleteAddress = /^[^@\s]+@[^@\s.]+$/;

/**
 * The email check's words: an address with everything but a full domain is said to look incomplete
 * (the person typed an address, just not all of it); anything else is asked for with an example.
 * `what`: "your email address" on the client's forms, "an email address" elsewhere.
 */
export const emailError =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    typeof issue.input === 'string' && incompleteAddress.test(issue.input)
      ? 'This email address looks incomplete — it needs a full domain, like name@example.com.'
      : `Please enter ${what}, like name@example.com.`;

export const consentLimits = { consentVersion: 40, website: 500 } as const;

/** Explicit consent to the privacy notice (its version optional), and the honeypot: built by the form schema that spreads them, when it is first used. */
export const consentFields = () => ({
  consent: z.literal(true, {
    error: 'Please confirm that you have read the privacy notice and agree to it (consent: true).',
  }),
  consentVersion: z.optional(
    text('the privacy notice version').check(
      z.trim(),
      z.minLength(1, 'Please leave consentVersion out, or give the privacy notice version you showed.'),
      z.maxLength(
        consentLimits.consentVersion,
        `Please keep consentVersion to ${consentLimits.consentVersion} characters or fewer.`,
      ),
      z.regex(
        versionShape,
        'Please give the privacy notice version using letters, digits, dots, dashes or underscores.',
      ),
    ),
  ),
  /** Honeypot: hidden from people, so it must stay empty. */
  website: z.optional(
    z
      .string({ error: 'Please leave this field empty.' })
      .check(z.maxLength(consentLimits.website, 'Please leave this field empty.')),
  ),
});
