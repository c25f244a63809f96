/** Reads iCalendar text back as a test sees it: content lines unfolded, values unescaped. */
export interface ContentLine {
  name: string;
  params: string;
  value: string;
}

/** RFC 5545 3.1: a CRLF followed by one space or tab continues the line before it. */
export const unfold = (ics: string): string[] =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l.length > 0);

/** NAME;PARAMS:VALUE — the first colon outside a quoted parameter value ends the name part. */
export function contentLines(ics: string): ContentLine[] {
  return unfold(ics).map((line) => {
    let quoted = false;
    let i = 0;
    for (; i < line.length; i++) {
      if (line[i] === '"') quoted = !quoted;
      else if (line[i] === ':' && !quoted) break;
    }
    const head = line.slice(0, i);
    const semi = head.indexOf(';');
    return {
      name: semi < 0 ? head : head.slice(0, semi),
      params: semi < 0 ? '' : head.slice(semi + 1),
      value: line.slice(i + 1),
    };
  });
}

/** RFC 5545 3.3.11 TEXT: \\ \; \, and \n (or \N). */
export const unescapeText = (value: string): string =>
  value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** The value of the only property `name` inside VEVENT (or VCALENDAR for METHOD). */
export function property(ics: string, name: string): ContentLine {
  const found = contentLines(ics).filter((l) => l.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
  return found[0]!;
}
