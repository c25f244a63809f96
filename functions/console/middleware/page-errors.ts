/**
 * Page errors: an answer a middleware made (Answer) is passed on; a domain error while a page ran
 * becomes a page with the status the JSON API would give (shared/http/problem.ts), and so does a write
 * that lost a race, wherever it ran (409: nothing changed, look again and try once more); a sign-in check
 * that could not run is a 503 that changes nothing; anything else is a 500, logged by error name and
 * stack only.
 */
import { html } from '#shared/http/html.js';
import { changedMeanwhileProblem, problemFromError } from '#shared/http/problem.js';
import { isLostRace } from '#shared/store/index.js';
import { SessionCheckUnavailable } from '../sign-in/verified.js';
import { pageOfForm, problemBody, titleFor } from './answers.js';
import { Answer, pageResponse, type ConsoleMiddleware } from './state.js';

/** Set on an error thrown by a page's own run: only those become problem pages. */
export class PageFailed extends Error {
  constructor(readonly failure: unknown) {
    super('page failed');
  }
}

export function pageErrors(getPaths: readonly RegExp[]): ConsoleMiddleware {
  return {
    name: 'pageErrors',
    onError: (request) => {
      if (request.response !== undefined) return;
      const state = request.context.console;
      let error = request.error as unknown;
      if (error instanceof Answer) {
        request.response = error.response;
        return;
      }
      if (error instanceof PageFailed) {
        const mapped = problemFromError(error.failure);
        if (mapped) {
          const { status, detail } = mapped.problem;
          request.response = pageResponse(
            status,
            titleFor(status),
            problemBody(status, detail, pageOfForm(request.event.rawPath, getPaths)),
            state.signedIn,
            state.cookies ?? [],
          );
          return;
        }
        error = error.failure;
        request.error = error instanceof Error ? error : request.error;
      }
      // A write that lost a race outside the page's own run (a session or CSRF record): nothing changed.
      if (isLostRace(error)) {
        state.outcome = 'changed-meanwhile';
        request.response = pageResponse(
          409,
          titleFor(409),
          problemBody(409, changedMeanwhileProblem().detail, pageOfForm(request.event.rawPath, getPaths)),
          state.signedIn,
          state.cookies ?? [],
        );
        return;
      }
      if (error instanceof SessionCheckUnavailable) {
        state.outcome = 'session-check-unavailable';
        request.response = pageResponse(
          503,
          'Try again shortly',
          html`<h1>We could not check your sign-in just now</h1><p>Nothing has changed. Please reload this page in a minute.</p>`,
        );
        return;
      }
      state.outcome = 'error';
      state.runtime?.logger.error('unhandled error', {
        errorName: error instanceof Error ? error.name : typeof error,
        stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6).join('\n') : undefined,
      });
      request.response = pageResponse(
        500,
        'Something went wrong',
        html`<h1>Something went wrong on our side</h1><p>Please try again in a moment. If you were sending a form, look at the page again first: it may have gone through.</p>`,
      );
    },
  };
}
