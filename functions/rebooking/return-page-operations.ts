/**
 * GET and POST /contact/{therapistId}/return: coming back after a break, in a browser. The same
 * submitReturn use case and schema as POST /therapists/{therapistId}/returns, and the same care: the
 * answer is the same page, after the same time, whether or not the sender is the therapist's client
 * (a rate limit is the same for both as well, and waits the same time too).
 */
import { RateLimited } from '#shared/domain/errors.js';
import type { HttpResult, OperationTable } from '#shared/http/operation.js';
import {
  asApiBody,
  contactPageOperations,
  formAnswer,
  loadContactPage,
  notFoundAnswer,
  notTakingMessagesAnswer,
  rateLimitNotice,
  refusedForm,
  typed,
  type LoadedContactPage,
} from '#shared/http/pages/contact-flow.js';
import { contactAnswerPage, type FormNotice } from '#shared/http/pages/contact-pages.js';
import type { FormState } from '#shared/http/pages/form-fields.js';
import { answerNoSoonerThan, steadyAnswerMs } from '#shared/http/steady-timing.js';
import type { Runtime } from '#shared/runtime.js';
import { submitReturn } from '#shared/use-cases/returns/submit-return.js';
import { limits, submitReturnBody, therapistParams } from '#shared/use-cases/clients/client-schemas.js';

const fieldNames = ['name', 'email', 'message', 'consent', 'consentVersion', 'website'] as const;
const optionalFields = ['message', 'consentVersion', 'website'];

const form = (
  page: LoadedContactPage,
  status: number,
  state: FormState,
  notice?: FormNotice,
  headers: Record<string, string> = {},
): HttpResult => formAnswer(page, limits, status, state, notice, headers);

async function send(
  runtime: Runtime,
  therapistId: string,
  body: Record<string, unknown>,
  now: Date,
  sourceIp: string,
): Promise<HttpResult> {
  const page = await loadContactPage(runtime, therapistId, 'return', now);
  if (!page) return notFoundAnswer(runtime);
  if (page.data.notTakingMessages) return notTakingMessagesAnswer(page);
  const values = typed(body, fieldNames);
  const parsed = submitReturnBody.safeParse(asApiBody(values, optionalFields));
  if (!parsed.success) return form(page, 400, refusedForm(values, parsed.error));
  const { consent: _consent, consentVersion, ...rest } = parsed.data;
  const submission = { ...rest, consentVersion: consentVersion ?? runtime.config.settings.privacyNoticeVersion };
  // A rate limit waits the floor too, so no answer's timing tells one path from the other.
  const outcome = await answerNoSoonerThan(steadyAnswerMs, () =>
    submitReturn(runtime, { therapistId, submission, sourceIp, now }).then(
      (result) => result.outcome,
      (error: unknown) => (error instanceof RateLimited ? error : Promise.reject(error)),
    ),
  );
  if (outcome instanceof RateLimited) {
    runtime.logger.info('return', { outcome: 'rate-limited', via: 'page' });
    return form(
      page,
      429,
      { values, errors: {} },
      rateLimitNotice(outcome.retryAfterSeconds, now, page.timeZone, page.data.shortName),
      { 'retry-after': String(outcome.retryAfterSeconds) },
    );
  }
  // For operators only: every outcome answers with the same page.
  runtime.logger.info('return', { outcome, via: 'page' });
  return { status: 200, html: contactAnswerPage(page.data), headers: page.headers };
}

const returnPage = contactPageOperations('return', therapistParams, limits, send);

export const returnPageOperations: OperationTable = {
  returnPage: returnPage.show,
  sendFromReturnPage: returnPage.send,
};
