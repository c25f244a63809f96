/**
 * CSRF on every console form: the token bound to the session id (session.ts) must come with the
 * form, and is taken out of it before the page sees it. Signing out is checked too: without the
 * token, another site could sign a therapist out by posting there.
 */
import { consoleHome } from '../return-to.js';
import { csrfMatches, parseSession } from '../session.js';
import { csrfBody, pageOfForm } from './answers.js';
import { Answer, pageResponse, required, type ConsoleMiddleware } from './state.js';

export function csrf(getPaths: readonly RegExp[]): ConsoleMiddleware {
  return {
    name: 'csrf',
    before: ({ event, context: { console: state } }) => {
      const route = required(state.route, 'route');
      if (route.method !== 'POST') return;
      if (route.operation === 'consoleSignOut') {
        const session = parseSession(required(state.jar, 'cookies').get(required(state.names, 'cookie names').session));
        // No session: nothing to end; the route clears the cookies and says so.
        if (session && !csrfMatches(session.sid, state.form?.csrf))
          throw new Answer(pageResponse(403, 'Please try again', csrfBody(consoleHome)));
        return;
      }
      if (!state.session) return;
      const { csrf: given, ...rest } = required(state.form, 'form');
      if (!csrfMatches(state.session.sid, given))
        throw new Answer(
          pageResponse(
            403,
            'Please try again',
            csrfBody(pageOfForm(event.rawPath, getPaths)),
            state.signedIn,
            state.cookies ?? [],
          ),
        );
      state.form = rest;
    },
  };
}
