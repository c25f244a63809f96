/**
 * The contact page (docs/voice-and-privacy.md): GET and POST /contact/{therapistId}, a second primary adapter over the
 * same createEnquiry use case as POST /therapists/{therapistId}/enquiries, with the same schema and
 * the same answers; and GET /privacy, the notice its consent box links to.
 */
import { RateLimited } from '#shared/domain/errors.js';
import { NotTakingNewClients } from '#shared/domain/new-clients.js';
import { operation, type HttpResult, type OperationTable } from '#shared/http/operation.js';
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
import { contactAnswerPage, notTakingClientsPage } from '#shared/http/pages/contact-pages.js';
import type { FormState } from '#shared/http/pages/form-fields.js';
import { privacyPage, privacyRedirectPage } from '#shared/http/pages/privacy-page.js';
import type { Runtime } from '#shared/runtime.js';
import { createEnquiry } from '#shared/use-cases/enquiries/create-enquiry.js';
import { createEnquiryBody, limits, therapistParams } from '#shared/use-cases/enquiries/first-contact-schemas.js';

const fieldNames = [
  'name',
  'email',
  'phone',
  'preferredContact',
  'message',
  'timePreferences',
  'consent',
  'consentVersion',
  'website',
] as const;
const optionalFields = ['phone', 'preferredContact', 'message', 'timePreferences', 'consentVersion', 'website'];

const form = (
  page: LoadedContactPage,
  status: number,
  state: FormState,
  extra: { notice?: ReturnType<typeof rateLimitNotice>; headers?: Record<string, string> } = {},
): HttpResult => formAnswer(page, limits, status, state, extra.notice, extra.headers);

async function send(
  runtime: Runtime,
  therapistId: string,
  body: Record<string, unknown>,
  now: Date,
  sourceIp: string,
): Promise<HttpResult> {
  const page = await loadContactPage(runtime, therapistId, 'first', now);
  if (!page) return notFoundAnswer(runtime);
  if (page.data.notTakingMessages) return notTakingMessagesAnswer(page);
  const values = typed(body, fieldNames);
  const parsed = createEnquiryBody.safeParse(asApiBody(values, optionalFields));
  if (!parsed.success) return form(page, 400, refusedForm(values, parsed.error));
  const { consentVersion, consent: _consent, ...rest } = parsed.data;
  let joinedWaitingList = false;
  try {
    const result = await createEnquiry(runtime, {
      therapistId,
      submission: { ...rest, consentVersion: consentVersion ?? runtime.config.settings.privacyNoticeVersion },
      sourceIp,
      now,
    });
    // Outcome only: a duplicate and a bot get the same page as a new message, on purpose.
    runtime.logger.info('enquiry', { outcome: result.outcome, via: 'page' });
    joinedWaitingList = result.status === 'waiting-list';
  } catch (error) {
    // The therapist closed to new clients after this page was shown: say so kindly, keep nothing.
    if (error instanceof NotTakingNewClients)
      return {
        status: 409,
        html: notTakingClientsPage({ ...page.data, newClients: { status: 'closed' } }),
        headers: page.headers,
      };
    if (!(error instanceof RateLimited)) throw error;
    runtime.logger.info('enquiry', { outcome: 'rate-limited', via: 'page' });
    const notice = rateLimitNotice(error.retryAfterSeconds, now, page.timeZone, page.data.shortName);
    return form(
      page,
      429,
      { values, errors: {} },
      { notice, headers: { 'retry-after': String(error.retryAfterSeconds) } },
    );
  }
  return { status: 200, html: contactAnswerPage(page.data, joinedWaitingList), headers: page.headers };
}

const contactPage = contactPageOperations('first', therapistParams, limits, send);

export const contactOperations: OperationTable = {
  contactPage: contactPage.show,
  sendFromContactPage: contactPage.send,

  privacyNotice: operation({
    responds: 'html',
    run: async (_input, runtime) => {
      const { settings } = runtime.config;
      return settings.privacyNoticeUrl
        ? {
            status: 303,
            html: privacyRedirectPage(settings.privacyNoticeUrl),
            headers: { location: settings.privacyNoticeUrl },
          }
        : { status: 200, html: privacyPage(settings) };
    },
  }),
};
