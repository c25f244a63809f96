/** Small iCalendar files for tests, written line by line as calendar apps write them (CRLF). */

export interface SampleEvent {
  uid: string;
  /** What follows DTSTART: `20260302T100000Z`, `TZID=Europe/London:20260302T100000`, `VALUE=DATE:20260615`. */
  start: string;
  end?: string;
  summary?: string;
  extra?: string[];
}

const property = (name: string, value: string): string =>
  value.includes(':') && !/^\d{8}T\d{6}Z?$/.test(value) ? `${name};${value}` : `${name}:${value}`;

export function event(e: SampleEvent): string {
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    'DTSTAMP:20260101T000000Z',
    property('DTSTART', e.start),
    ...(e.end ? [property('DTEND', e.end)] : []),
    `SUMMARY:${e.summary ?? 'Dentist'}`,
    ...(e.extra ?? []),
    'END:VEVENT',
  ].join('\r\n');
}

export function calendar(...events: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Threshold tests//EN',
    'CALSCALE:GREGORIAN',
    ...events,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
