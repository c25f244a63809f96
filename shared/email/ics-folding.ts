/**
 * Lines of iCalendar text as RFC 5545 3.1 wants them, where ical.js's writer falls short: folded at
 * 75 octets counting a continuation's leading space (ical.js lets a continuation reach 76), and no
 * carriage return inside a value. A module of its own so the calendar feed can use it without the
 * email invite's dependencies.
 */
const MAX_OCTETS = 75;

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/** One content line folded at 75 octets, never inside a character: CRLF then a space, then more. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let limit = MAX_OCTETS;
  for (const char of line) {
    if (octets(current) + octets(char) > limit) {
      parts.push(current);
      current = '';
      limit = MAX_OCTETS - 1; // the leading space of a continuation counts
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Undo any folding (CRLF followed by a space or tab), then fold every line by octets. */
export const refold = (ics: string): string =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((line) => line.length > 0)
    .map((line) => `${foldLine(line)}\r\n`)
    .join('');

/**
 * A TEXT value with its line breaks as LF, which ical.js escapes as \n. It passes a carriage return
 * through raw, and a raw CR inside a value would end the line early in some readers.
 */
export const textValue = (value: string): string => value.replace(/\r\n?/g, '\n');
