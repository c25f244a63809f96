/**
 * Auth on API routes: API Gateway's JWT authorizer has verified the token; a therapist route takes
 * the caller's identity from its `sub` claim, and refuses a request without one.
 */
import { problem } from '../problem.js';
import { RequestRejected, required, type ApiMiddleware } from './state.js';

export function jwtAuth(): ApiMiddleware {
  return {
    name: 'jwtAuth',
    before: ({ event, context: { api: internal } }) => {
      if (required(internal.route, 'route').auth !== 'therapist') return;
      const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
      if (typeof sub !== 'string' || sub === '')
        throw new RequestRejected(problem(401, 'unauthorized', 'Sign in to continue: send a valid bearer token.'));
      internal.therapistId = sub;
    },
  };
}
