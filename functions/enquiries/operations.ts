/** The enquiries capability's operations: public first contact and the one-click action pages. */
import { operation, type OperationTable } from '../../shared/http/operation.js';
import { problem } from '../../shared/http/problem.js';
import { tableReadiness } from '../../shared/store/readiness.js';
import { createEnquiry } from '../../shared/use-cases/enquiries/create-enquiry.js';
import { describeAction, performAction } from '../../shared/use-cases/enquiries/one-click-action.js';
import { actionDonePage, confirmActionPage } from './action-pages.js';
import { contactOperations } from './contact-operations.js';
import { actionForm, actionParams, createEnquiryBody, createEnquiryResponse, healthResponse, readyResponse, therapistParams } from './schemas.js';

export const operations: OperationTable = {
  ...contactOperations,

  // Liveness stays free of I/O: a probe that restarts or pages on it must not flap with DynamoDB.
  health: operation({
    response: healthResponse,
    run: async () => ({ status: 200, json: { status: 'ok' } }),
  }),

  ready: operation({
    response: readyResponse,
    run: async (_input, runtime) => {
      const readiness = await tableReadiness(runtime.db, runtime.config.tableName);
      if (readiness.ready) return { status: 200, json: { status: 'ready' } };
      runtime.logger.warn('not ready', { errorName: readiness.errorName });
      return { status: 503, json: problem(503, 'not-ready', 'The table cannot be read just now, so requests would fail. Try again shortly.'), headers: { 'retry-after': '30' } };
    },
  }),

  createEnquiry: operation({
    params: therapistParams,
    body: createEnquiryBody,
    response: createEnquiryResponse,
    run: async ({ params, body, now, sourceIp }, runtime) => {
      const { consentVersion, consent: _consent, ...rest } = body;
      const result = await createEnquiry(runtime, {
        therapistId: params.therapistId,
        submission: { ...rest, consentVersion: consentVersion ?? runtime.config.settings.privacyNoticeVersion },
        sourceIp,
        now,
      });
      // Outcome only: the duplicate and honeypot answers look the same to the client on purpose.
      runtime.logger.info('enquiry', { outcome: result.outcome });
      return { status: 201, json: { enquiryId: result.enquiryId, status: result.status } };
    },
  }),

  describeAction: operation({
    params: actionParams,
    responds: 'html',
    reader: 'therapist',
    run: async ({ params, now }, runtime) => ({ status: 200, html: confirmActionPage(await describeAction(runtime, params.token, now)) }),
  }),

  performAction: operation({
    params: actionParams,
    body: actionForm,
    bodyFormat: 'form',
    responds: 'html',
    reader: 'therapist',
    run: async ({ params, body, now }, runtime) => {
      const done = await performAction(runtime, params.token, body.note, now);
      runtime.logger.info('one-click action', { action: done.action });
      return { status: 200, html: actionDonePage(done) };
    },
  }),
};
