/**
 * Size and content type of a POST or PUT body, before anything reads it: at most `maxBodyBytes`
 * (a form's limit is on what was typed, checked again once decoded in parse-body.ts), and JSON, or a
 * form where the operation takes one (the no-JavaScript pages).
 */
import { problem } from '../problem.js';
import { RequestRejected, required, type ApiMiddleware } from './state.js';

export const maxBodyBytes = 16 * 1024;
/** The most a form body may weigh encoded: a 4-byte character percent-encoded is 12 bytes. */
const formEncodingAllowance = 12;

export const tooLarge = (): RequestRejected =>
  new RequestRejected(problem(413, 'too-large', `The request body is larger than ${maxBodyBytes / 1024} KB. Please shorten it.`));

export function bodyLimits(): ApiMiddleware {
  return {
    name: 'bodyLimits',
    before: ({ event, context: { api: internal } }) => {
      const route = required(internal.route, 'route');
      if (route.method !== 'POST' && route.method !== 'PUT') return;
      const op = required(internal.operation, 'operation');
      const text = event.body === undefined || event.body === null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const type = (required(internal.headers, 'headers')['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const isForm = op.bodyFormat === 'form' && type === 'application/x-www-form-urlencoded';
      // A form's limit is on what was typed: percent-encoding makes one character of most scripts 6 to 12
      // bytes, so a message well inside its length could otherwise be refused, and a page would lose it.
      if (Buffer.byteLength(text, 'utf8') > (isForm ? maxBodyBytes * formEncodingAllowance : maxBodyBytes)) throw tooLarge();
      if (text.trim() === '') {
        internal.body = { text, format: 'empty' };
        return;
      }
      if (isForm) {
        internal.body = { text, format: 'form' };
        return;
      }
      if (type !== 'application/json' && !type.endsWith('+json')) {
        const accepted = op.bodyFormat === 'form' ? 'application/x-www-form-urlencoded or application/json' : 'application/json';
        throw new RequestRejected(problem(415, 'unsupported-media-type', `Send the body as ${accepted}.`));
      }
      internal.body = { text, format: 'json' };
    },
  };
}
