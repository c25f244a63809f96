/**
 * Body parsing, once body-limits.ts has accepted its size and type: JSON, or a form's fields (whose
 * decoded size is held to the limit). No body, and any GET or DELETE, reads as `{}`.
 */
import { problem } from '../problem.js';
import { maxBodyBytes, tooLarge } from './body-limits.js';
import { RequestRejected, type ApiMiddleware } from './state.js';

export function parseBody(): ApiMiddleware {
  return {
    name: 'parseBody',
    before: ({ context: { api: internal } }) => {
      const body = internal.body;
      if (!body || body.format === 'empty') {
        internal.rawBody = {};
        return;
      }
      if (body.format === 'form') {
        const fields = new URLSearchParams(body.text);
        let bytes = 0;
        for (const [name, value] of fields) bytes += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
        if (bytes > maxBodyBytes) throw tooLarge();
        internal.rawBody = Object.fromEntries(fields);
        return;
      }
      try {
        internal.rawBody = JSON.parse(body.text);
      } catch {
        throw new RequestRejected(problem(400, 'malformed-json', 'The request body is not valid JSON.'));
      }
    },
  };
}
