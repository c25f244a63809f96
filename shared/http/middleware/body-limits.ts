/**
 * Size and content type of a POST or PUT body, before anything reads it: at most `maxBodyBytes`
 * (a form's limit is on what was typed, checked again once decoded in parse-body.ts), and JSON, or a
 * form where the operation takes one (the no-JavaScript pages).
 */
import { problem } from '../problem.js';
import { RequestRejected, required, type ApiEvent, type ApiMiddleware } from './state.js';

export const maxBodyBytes = 16 * 1024;
/** The most a form body may weigh encoded: a 4-byte character percent-encoded is 12 bytes. */
const formEncodingAllowance = 12;

export const tooLarge = (): RequestRejected =>
  new RequestRejected(
    problem(413, 'too-large', `The request body is larger than ${maxBodyBytes / 1024} KB. Please shorten it.`),
  );

/** The body as text, whether API Gateway passed it as is or base64-encoded. */
export const bodyText = (event: ApiEvent): string =>
  event.body === undefined || event.body === null
    ? ''
    : event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body;

/** The media type of the body, without parameters, lower-cased; '' when none is given. */
export const mediaType = (value: string | undefined): string => (value ?? '').split(';')[0]!.trim().toLowerCase();

/** The content-type header's media type, found whatever its name's case. */
export const contentType = (headers: ApiEvent['headers']): string =>
  mediaType(Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1]);

export function bodyLimits(): ApiMiddleware {
  return {
    name: 'bodyLimits',
    before: ({ event, context: { api: internal } }) => {
      const route = required(internal.route, 'route');
      if (route.method !== 'POST' && route.method !== 'PUT') return;
      const op = required(internal.operation, 'operation');
      const text = bodyText(event);
      const type = mediaType(required(internal.headers, 'headers')['content-type']);
      const isForm = op.bodyFormat === 'form' && type === 'application/x-www-form-urlencoded';
      // A form's limit is on what was typed: percent-encoding makes one character of most scripts 6 to 12
      // bytes, so a message well inside its length could otherwise be refused, and a page would lose it.
      if (Buffer.byteLength(text, 'utf8') > (isForm ? maxBodyBytes * formEncodingAllowance : maxBodyBytes))
        throw tooLarge();
      if (text.trim() === '') {
        internal.body = { text, format: 'empty' };
        return;
      }
      if (isForm) {
        internal.body = { text, format: 'form' };
        return;
      }
      if (type !== 'application/json' && !type.endsWith('+json')) {
        const accepted =
          op.bodyFormat === 'form' ? 'application/x-www-form-urlencoded or application/json' : 'application/json';
        throw new RequestRejected(problem(415, 'unsupported-media-type', `Send the body as ${accepted}.`));
      }
      internal.body = { text, format: 'json' };
    },
  };
}
