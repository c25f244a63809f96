/**
 * Public enquiry endpoints: request and response schemas. Every string is trimmed and bounded, and
 * every message tells a person what to do. The OpenAPI generator reads these.
 */
import * as z from '#shared/zod.js';
import { oneLineText, writtenNameMax } from '#shared/domain/one-line-text.js';
import { consentFields, consentLimits, emailError, text } from '#shared/http/fields.js';

const phoneShape = /^\+?[0-9][0-9 ().-]{4,28}[0-9]$/;

/**
 * An optional free-text field: blank counts as not given. The too-long message is built when it is
 * shown: toLocaleString wakes ICU, about 10 ms that every cold start would otherwise pay.
 */
const optionalText = (what: string, max: number, tooLong: () => string) =>
  z.pipe(
    z.optional(text(what).check(z.trim(), z.maxLength(max, { error: tooLong }))),
    z.transform((v) => (v === '' ? undefined : v)),
  );

export const therapistParams = z.lazy(() =>
  z.object({ therapistId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)) }),
);

export const limits = {
  name: writtenNameMax,
  email: 254,
  phone: 30,
  message: 4000,
  timePreferences: 500,
  ...consentLimits,
  note: 1000,
} as const;

export const createEnquiryBody = z.lazy(() =>
  z
    .strictObject(
      {
        name: oneLineText({
          what: 'your name',
          max: limits.name,
          missing: 'Please enter your name, or the name you would like us to use.',
        }),
        email: z.pipe(
          text('your email address').check(
            z.trim(),
            z.toLowerCase(),
            z.maxLength(limits.email, `Please check your email address: it is longer than ${limits.email} characters.`),
          ),
          z.email({ error: emailError('your email address') }),
        ),
        phone: z
          .pipe(
            z.optional(
              text('your phone number').check(
                z.trim(),
                z.maxLength(limits.phone, `Please keep your phone number to ${limits.phone} characters or fewer.`),
              ),
            ),
            z.transform((v) => (v === '' ? undefined : v)),
          )
          .check(
            z.refine(
              (v) => v === undefined || phoneShape.test(v),
              'Please enter a phone number using digits, spaces and an optional + at the start, like +44 7700 900123.',
            ),
          ),
        preferredContact: z._default(
          z.enum(['email', 'phone'], {
            error: 'Please choose how you would like to be contacted: "email" or "phone".',
          }),
          'email',
        ),
        message: optionalText(
          'your message',
          limits.message,
          () => `Please shorten your message to ${limits.message.toLocaleString('en-GB')} characters or fewer.`,
        ),
        timePreferences: optionalText(
          'the times that suit you',
          limits.timePreferences,
          () => `Please describe the times that suit you in ${limits.timePreferences} characters or fewer.`,
        ),
        ...consentFields(),
      },
      { error: 'Please send the enquiry as a JSON object.' },
    )
    .check(
      z.superRefine((body, ctx) => {
        if (body.preferredContact === 'phone' && !body.phone)
          ctx.addIssue({
            code: 'custom',
            path: ['phone'],
            message: 'Please add a phone number, or choose email as the way to contact you.',
          });
      }),
    ),
);
export type CreateEnquiryBody = z.infer<typeof createEnquiryBody>;

/** `waiting-list`: the therapist is full and the person is on their waiting list (an email says what happens next). */
export const createEnquiryResponse = z.lazy(() =>
  z.object({ enquiryId: z.string(), status: z.enum(['received', 'waiting-list']) }),
);

export const healthResponse = z.lazy(() => z.object({ status: z.literal('ok') }));

export const readyResponse = z.lazy(() => z.object({ status: z.literal('ready') }));

/** The token's own shape is checked by the token store, so an altered link answers 401, not 404. */
export const actionParams = z.lazy(() => z.object({ token: z.string().check(z.minLength(1), z.maxLength(200)) }));

/**
 * The keep-my-place and leave buttons send what their page showed (`seen`: waiting, or with a place
 * offered), so leaving never acts on news the person has not seen.
 */
export const waitingLinkForm = z.lazy(() =>
  z.strictObject(
    { seen: z.optional(z.enum(['waiting', 'offered'], { error: 'Please press the button on the page.' })) },
    { error: 'Please press the button on the page.' },
  ),
);

export const actionForm = z.lazy(() =>
  z.strictObject(
    {
      note: optionalText(
        'a note',
        limits.note,
        () => `Please keep your note to ${limits.note.toLocaleString('en-GB')} characters or fewer.`,
      ),
    },
    { error: 'Please send the form fields.' },
  ),
);
