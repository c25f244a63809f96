/** Zod input for a console page: its path parameters; a malformed id names nothing that exists, so 404. */
import type { ConsolePages } from '../console-page.js';
import { notFoundBody } from './answers.js';
import { Answer, pageResponse, required, type ConsoleMiddleware } from './state.js';

export function pageParams(pages: ConsolePages): ConsoleMiddleware {
  return {
    name: 'pageParams',
    before: ({ event, context: { console: state } }) => {
      if (!state.session) return;
      const page = pages[required(state.route, 'route').operation];
      state.params = {};
      // Signing out everywhere is no page and takes no parameters.
      if (!page?.params) return;
      const parsed = page.params.safeParse(event.pathParameters ?? {});
      if (!parsed.success)
        throw new Answer(pageResponse(404, 'Not found', notFoundBody, state.signedIn, state.cookies ?? []));
      state.params = parsed.data;
    },
  };
}
