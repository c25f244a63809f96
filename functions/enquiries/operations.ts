/** The enquiries capability's operations: public first contact and the one-click action pages. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { faviconAnswer } from '#shared/http/favicon.js';
import { problem } from '#shared/http/problem.js';
import { createEnquiry } from '#shared/use-cases/enquiries/create-enquiry.js';
import { LinkGone, LinkInvalid, StateConflict } from '#shared/domain/errors.js';
import type { HttpResult } from '#shared/http/operation.js';
import type { Runtime } from '#shared/runtime.js';
import { describeAction, performAction } from '#shared/use-cases/enquiries/one-click-action.js';
import {
  answerWaitingLink,
  describeWaitingLink,
  WaitingChangedMeanwhile,
} from '#shared/use-cases/waiting-list/answer-link.js';
import { OfferTakenUp } from '#shared/use-cases/waiting-list/close-entry.js';
import { actionDonePage, alreadyAnsweredPage, confirmActionPage } from './action-pages.js';
import { contactOperations } from './contact-operations.js';
import {
  actionForm,
  actionParams,
  createEnquiryBody,
  createEnquiryResponse,
  healthResponse,
  readyResponse,
  therapistParams,
  waitingLinkForm,
} from '#shared/use-cases/enquiries/first-contact-schemas.js';
import { waitingAnsweredPage, waitingLinkPage, waitingLinkProblemPage } from './waiting-pages.js';

/** A waiting person's link that does not work gets a kind page with what to do, not an error page. */
async function waitingLinkPages(runtime: Runtime, work: () => Promise<HttpResult>): Promise<HttpResult> {
  const lines = runtime.config.settings.crisisLines;
  try {
    return await work();
  } catch (error) {
    if (error instanceof LinkGone) return { status: 410, html: waitingLinkProblemPage(error.reason, lines) };
    if (error instanceof LinkInvalid) return { status: 401, html: waitingLinkProblemPage('invalid', lines) };
    throw error;
  }
}

/** An action already taken another way answers a calm page that says so (409: nothing was done by this request). */
async function alreadyAnswered(work: () => Promise<HttpResult>): Promise<HttpResult> {
  try {
    return await work();
  } catch (error) {
    const calm = error instanceof StateConflict ? alreadyAnsweredPage(error.extra) : undefined;
    if (calm) return { status: 409, html: calm };
    throw error;
  }
}

export const operations: OperationTable = {
  ...contactOperations,

  favicon: operation({ run: async () => faviconAnswer() }),

  // Liveness stays free of I/O: a probe that restarts or pages on it must not flap with DynamoDB.
  health: operation({
    response: healthResponse,
    run: async () => ({ status: 200, json: { status: 'ok' } }),
  }),

  ready: operation({
    response: readyResponse,
    run: async (_input, runtime) => {
      const readiness = await runtime.store.readiness.check();
      if (readiness.ready) return { status: 200, json: { status: 'ready' } };
      runtime.logger.warn('not ready', { errorName: readiness.errorName });
      return {
        status: 503,
        json: problem(
          503,
          'not-ready',
          'The table cannot be read just now, so requests would fail. Try again shortly.',
        ),
        headers: { 'retry-after': '30' },
      };
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
    run: async ({ params, now }, runtime) =>
      alreadyAnswered(async () => ({
        status: 200,
        html: confirmActionPage(await describeAction(runtime, params.token, now)),
      })),
  }),

  performAction: operation({
    params: actionParams,
    body: actionForm,
    bodyFormat: 'form',
    responds: 'html',
    reader: 'therapist',
    run: async ({ params, body, now }, runtime) =>
      alreadyAnswered(async () => {
        const done = await performAction(runtime, params.token, body.note, now);
        runtime.logger.info('one-click action', { action: done.action });
        return { status: 200, html: actionDonePage(done) };
      }),
  }),

  describeWaitingLink: operation({
    params: actionParams,
    responds: 'html',
    run: async ({ params, now }, runtime) =>
      waitingLinkPages(runtime, async () => ({
        status: 200,
        html: waitingLinkPage(
          await describeWaitingLink(runtime, params.token, now),
          runtime.config.settings.crisisLines,
        ),
      })),
  }),

  answerWaitingLink: operation({
    params: actionParams,
    body: waitingLinkForm,
    bodyFormat: 'form',
    responds: 'html',
    run: async ({ params, body, now }, runtime) =>
      waitingLinkPages(runtime, async () => {
        const lines = runtime.config.settings.crisisLines;
        try {
          const done = await answerWaitingLink(runtime, params.token, now, body.seen);
          runtime.logger.info('waiting list', { action: done.purpose });
          return { status: 200, html: waitingAnsweredPage(done, lines) };
        } catch (error) {
          // Nothing was done; the page shows where things stand now, so the person can decide again.
          if (error instanceof WaitingChangedMeanwhile)
            return {
              status: 409,
              html: waitingLinkPage(error.view, lines, 'Something changed a moment ago, so nothing was done.'),
            };
          if (error instanceof OfferTakenUp)
            return { status: 409, html: waitingLinkPage(await describeWaitingLink(runtime, params.token, now), lines) };
          throw error;
        }
      }),
  }),
};
