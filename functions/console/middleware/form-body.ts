/**
 * Size, content type and parsing of a console form, with the API's limit (shared/http/middleware/
 * body-limits.ts) and answered as pages. The first of repeated fields counts, as a browser sends
 * each field once.
 */
import { html } from '#shared/http/html.js';
import { bodyText, contentType, maxBodyBytes } from '#shared/http/middleware/body-limits.js';
import { Answer, pageResponse, required, type ConsoleMiddleware } from './state.js';

export function formBody(): ConsoleMiddleware {
  return {
    name: 'formBody',
    before: ({ event, context: { console: state } }) => {
      const route = required(state.route, 'route');
      if (route.method !== 'POST') return;
      // The local sign-in form answers 404 unread where sign-in completes elsewhere (sign-in-routes.ts).
      if (route.operation === 'consoleLocalSignIn' && required(state.signIn, 'sign-in method').completesAt !== 'form')
        return;
      const raw = bodyText(event);
      if (Buffer.byteLength(raw, 'utf8') > maxBodyBytes)
        throw new Answer(
          pageResponse(
            413,
            'Too much to send',
            html`<h1>That was too much to send at once</h1><p>Please shorten what you wrote and try again.</p>`,
          ),
        );
      const form: Record<string, string> = {};
      state.form = form;
      if (raw.trim() === '') return;
      if (contentType(event.headers) !== 'application/x-www-form-urlencoded')
        throw new Answer(
          pageResponse(
            415,
            'Not a form',
            html`<h1>This address takes a form</h1><p>Please use the form on the page.</p>`,
          ),
        );
      for (const [k, v] of new URLSearchParams(raw)) if (!(k in form)) form[k] = v;
    },
  };
}
