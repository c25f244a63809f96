/**
 * Stands in for nodemailer's `lib/mime-funcs/mime-types.js` in Lambda bundles (`lambdaFileSubstitutes`
 * in substitutes.ts).
 *
 * Nodemailer guesses a part's content type from its file name, and a file name from its content type,
 * with a table of about 1,000 types: 75 KB of the mailer's bundle, more than a tenth of it, compiled
 * and built into two Maps at every cold start. The mailer never asks it anything: every part it sends
 * names its own content type (text, HTML, and the invite's text/calendar) and the invite names its
 * file. This keeps nodemailer's answers, lookup and defaults for those three types, so a part left to
 * guess would still come out as it does today; anything else gets nodemailer's defaults for an unknown
 * name (test/infra/mail-substitutes.test.ts compares both ways).
 */
import { parse } from 'node:path';

const defaultMimeType = 'application/octet-stream';
const defaultExtension = 'bin';

/** The types the mailer sends and the extension nodemailer gives each (its first for the type). */
const extensionOf = new Map([
  ['text/calendar', 'ics'],
  ['text/html', 'html'],
  ['text/plain', 'txt'],
]);
const typeOf = new Map([...extensionOf].map(([type, extension]) => [extension, type]));

/** A file name (or bare extension) to a content type; nodemailer's own parsing of the name. */
export function detectMimeType(filename?: string): string {
  if (!filename) return defaultMimeType;
  const parsed = parse(filename);
  const extension = (parsed.ext.slice(1) || parsed.name || '').split('?').shift()!.trim().toLowerCase();
  return typeOf.get(extension) ?? defaultMimeType;
}

/** A content type to a file extension; any other text/* is txt, anything else bin, as in nodemailer. */
export function detectExtension(mimeType?: string): string {
  if (!mimeType) return defaultExtension;
  const parts = mimeType.toLowerCase().trim().split('/');
  const rootType = parts.shift()!.trim();
  const subType = parts.join('/').trim();
  return extensionOf.get(`${rootType}/${subType}`) ?? (rootType === 'text' ? 'txt' : defaultExtension);
}
