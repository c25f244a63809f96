/**
 * What the contact pages do around the use cases (createEnquiry, submitReturn), the same for first
 * contact and for coming back: read the therapist once, turn the form into the JSON API's body so
 * the same schema checks it with the same words, keep what was typed when something must change, and
 * say when to send again after a rate limit. Framing is allowed only to the deployment's embedding
 * origins and the therapist's own.
 */
import * as z from '#shared/zod.js';
import { replyExpectedBy } from '#shared/domain/enquiry-rules.js';
import { formatDateTime, formatDay } from '#shared/email/format-time.js';
import type { Runtime } from '#shared/runtime.js';
import { crisisSupportOf, takesMessages } from '#shared/store/index.js';
import { deploymentCrisisSupport } from '#shared/config.js';
import { pageSecurityPolicy } from '../html.js';
import { operation, type HttpResult, type Operation } from '../operation.js';
import {
  contactFormPage,
  notTakingMessagesPage,
  therapistNotFoundPage,
  type ContactKind,
  type ContactLimits,
  type ContactPageData,
  type FormNotice,
} from './contact-pages.js';
import { checkboxValue, emptyForm, type FormState } from './form-fields.js';

/** Whatever a form sends; the fields are read by name and checked with the JSON API's own schema. */
export const contactForm = z.lazy(() => z.record(z.string(), z.unknown()));

export interface LoadedContactPage {
  data: ContactPageData;
  headers: Record<string, string>;
  timeZone: string;
}

export async function loadContactPage(
  runtime: Runtime,
  therapistId: string,
  kind: ContactKind,
  now: Date,
): Promise<LoadedContactPage | undefined> {
  const { settings } = runtime.config;
  // First contact shows whether the therapist takes new clients; coming back is open whatever it says.
  const [therapist, newClients] = await Promise.all([
    runtime.store.therapists.get(therapistId),
    kind === 'first' ? runtime.store.newClients.getPolicy(therapistId).then((p) => p.policy) : undefined,
  ]);
  if (!therapist) return undefined;
  const frameAncestors = [...new Set([...settings.embedOrigins, ...(therapist.embedOrigins ?? [])])];
  return {
    data: {
      kind,
      therapistId,
      therapistName: therapist.displayName,
      shortName: therapist.shortName,
      replyBy: formatDay(replyExpectedBy(now, therapist.timeZone, settings).toISOString(), therapist.timeZone),
      crisis: crisisSupportOf(therapist, settings),
      privacyNoticeUrl: settings.privacyNoticeUrl,
      consentVersion: settings.privacyNoticeVersion,
      ...(newClients ? { newClients } : {}),
      ...(takesMessages(therapist) ? {} : { notTakingMessages: true as const }),
    },
    headers: { 'content-security-policy': pageSecurityPolicy({ frameAncestors }) },
    timeZone: therapist.timeZone,
  };
}

/** No therapist at this address: 404, framed by the deployment's origins only. */
export const notFoundAnswer = (runtime: Runtime): HttpResult => ({
  status: 404,
  html: therapistNotFoundPage(deploymentCrisisSupport(runtime.config.settings)),
  headers: { 'content-security-policy': pageSecurityPolicy({ frameAncestors: runtime.config.settings.embedOrigins }) },
});

/** The form's fields as text (a JSON body's other values are not a person's typing). */
export function typed(
  body: Readonly<Record<string, unknown>>,
  names: readonly string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = body[name];
    out[name] = typeof value === 'string' ? value : undefined;
  }
  return out;
}

/**
 * The JSON API's body from the form: the box's own value is consent (`true`), an empty optional field
 * is left out. Any other consent value goes on as the string it is, so the JSON API's schema refuses it
 * as it refuses `consent: "false"`: one schema decides for both doors. Unknown fields are dropped, so a
 * therapist's own form with extra fields still works.
 */
export function asApiBody(
  values: Record<string, string | undefined>,
  optional: readonly string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === 'consent') {
      if (value !== undefined) body.consent = value === checkboxValue ? true : value;
    } else if (value !== undefined && !(optional.includes(name) && value.trim() === '')) body[name] = value;
  }
  return body;
}

/** The API's words fit a page, except where they name the JSON field itself. */
const pageWords: Record<string, string> = {
  consent: 'Please tick the box to say you have read the privacy notice and agree to it.',
  preferredContact: 'Please choose how you would like to be contacted: by email or by phone.',
};

/** The first thing to change in each field, by field name. */
export function errorsByField(error: z.core.$ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= pageWords[field] ?? issue.message;
  }
  return errors;
}

export const refusedForm = (values: FormState['values'], error: z.core.$ZodError): FormState => ({
  values,
  errors: errorsByField(error),
});

/** When to send again, in the therapist's zone (the visitor's is not known here), to the minute. */
export function rateLimitNotice(retryAfterSeconds: number, now: Date, timeZone: string, shortName: string): FormNotice {
  const at = new Date(Math.round((now.getTime() + retryAfterSeconds * 1000) / 60_000) * 60_000);
  return {
    heading: 'We could not send this just now',
    text: `A lot of messages have come from here in a short time, so please wait a little before sending this one. Nothing is wrong with what you wrote, and it is still here below. You can send it after ${formatDateTime(at.toISOString(), timeZone)}. If you have already written to ${shortName} today, your message has arrived and there is nothing more to do.`,
  };
}

/**
 * A therapist who no longer takes messages here: 410 with the kind page, for the page and for a form
 * sent from it (nothing is stored). Gone rather than not found: the address was theirs.
 */
export const notTakingMessagesAnswer = (page: LoadedContactPage): HttpResult => ({
  status: 410,
  html: notTakingMessagesPage(page.data),
  headers: page.headers,
});

/** The form page, as first shown or with what to change, framed as the page allows. */
export const formAnswer = (
  page: LoadedContactPage,
  limits: ContactLimits,
  status: number,
  state: FormState,
  notice?: FormNotice,
  headers: Record<string, string> = {},
): HttpResult => ({
  status,
  html: contactFormPage(page.data, state, limits, notice),
  headers: { ...page.headers, ...headers },
});

type SendForm = (
  runtime: Runtime,
  therapistId: string,
  body: Record<string, unknown>,
  now: Date,
  sourceIp: string,
) => Promise<HttpResult>;

/** GET shows the form (or the kind 404); POST sends it through `send`: the same pair for first contact and for coming back. */
export function contactPageOperations(
  kind: ContactKind,
  params: z.ZodMiniType<{ therapistId: string }>,
  limits: ContactLimits,
  send: SendForm,
): {
  show: Operation<{ therapistId: string }>;
  send: Operation<{ therapistId: string }, undefined, Record<string, unknown>>;
} {
  return {
    show: operation({
      params,
      responds: 'html',
      run: async ({ params, now }, runtime) => {
        const page = await loadContactPage(runtime, params.therapistId, kind, now);
        if (!page) return notFoundAnswer(runtime);
        return page.data.notTakingMessages ? notTakingMessagesAnswer(page) : formAnswer(page, limits, 200, emptyForm);
      },
    }),
    send: operation({
      params,
      body: contactForm,
      bodyFormat: 'form',
      responds: 'html',
      run: ({ params, body, now, sourceIp }, runtime) => send(runtime, params.therapistId, body, now, sourceIp),
    }),
  };
}
