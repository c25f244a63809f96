/**
 * Stands in for nodemailer's `lib/fetch` (its HTTP client, with a cookie jar) in Lambda bundles
 * (`lambdaFileSubstitutes` in substitutes.ts). Nodemailer fetches a part's content only when it is
 * given as a URL; the mailer gives every part as data and sets `disableUrlAccess`, so nothing
 * fetches. Like the composer's own refusal, this answers with a stream that fails, never with a
 * request. CommonJS, because nodemailer calls the module it requires.
 */
import stream = require('node:stream');

function fetchRefused(url: string): stream.PassThrough {
  const refusal = new stream.PassThrough();
  setImmediate(() => refusal.emit('error', new Error(`Url access rejected for ${url}`)));
  return refusal;
}

export = fetchRefused;
