/**
 * Why a busy calendar could not be read. The therapist sees the message beside the calendar
 * (GET /me/busy-calendars); logs carry only the code. Neither ever holds the calendar's address,
 * which is a secret (Google's "secret address in iCal format" is a password in a URL).
 */
export const calendarProblemCodes = [
  'address-not-allowed',
  'not-https',
  'host-not-found',
  'unreachable',
  'timeout',
  'too-large',
  'http-error',
  'too-many-redirects',
  'not-calendar',
  'too-many-events',
  'too-complex',
] as const;
export type CalendarProblemCode = (typeof calendarProblemCodes)[number];

const messages: Record<CalendarProblemCode, string> = {
  'address-not-allowed':
    'This address points into a private network, so it cannot be read from here. Use the calendar’s public address (in Google Calendar: “Secret address in iCal format”).',
  'not-https': 'This address does not use https. Use the https:// address your calendar gives you.',
  'host-not-found':
    'We could not find the server in this address. Check the address, or copy it again from your calendar.',
  unreachable: 'The calendar’s server did not accept our connection. We will keep trying.',
  timeout: 'The calendar’s server took too long to answer. We will keep trying.',
  'too-large':
    'This calendar is larger than we can read. A calendar with only the events that should block your times would fit.',
  'http-error':
    'The calendar’s server refused the request. If you reset the calendar’s secret address, copy the new one here.',
  'too-many-redirects':
    'The calendar’s server sent us on to too many other addresses. Copy the address again from your calendar.',
  'not-calendar':
    'This address did not give us a calendar file (iCal, .ics). Copy the address marked “iCal” from your calendar.',
  'too-many-events':
    'This calendar has more events in your booking window than we can read. A calendar with only the events that should block your times would fit.',
  'too-complex':
    'This calendar is more complicated than we can read (most often its time zone definitions). We will try again later; exporting it again from your calendar app usually gives a file we can read.',
};

export class CalendarProblem extends Error {
  override readonly name = 'CalendarProblem';
  constructor(
    readonly code: CalendarProblemCode,
    /** The HTTP status a server answered with (http-error only): a number, never a URL. */
    readonly httpStatus?: number,
  ) {
    super(messages[code]);
  }
}

export const calendarProblemMessage = (code: CalendarProblemCode, httpStatus?: number): string =>
  code === 'http-error' && httpStatus === 404
    ? 'The calendar’s server says this address does not exist (404). If you reset the calendar’s secret address, copy the new one here.'
    : messages[code];
