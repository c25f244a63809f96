/**
 * Header values (subject, display names) come partly from people's input. A CR or LF in one would
 * let a value start a new header line, so every control character becomes a space, runs of space
 * collapse, and the result is trimmed and bounded.
 */
// Control characters, DEL, and the Unicode line and paragraph separators.
const breaks = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

export function headerValue(value: string, maxLength = 200): string {
  const flat = value.replace(breaks, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1).trimEnd()}…` : flat;
}

/** Names shown inside sentences: one line, like a header, but left at full length. */
export const oneLine = (value: string): string => headerValue(value, Number.MAX_SAFE_INTEGER);
