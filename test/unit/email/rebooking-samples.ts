/** Sample data for the rebooking templates: therapist breaks and clients coming back. */
import type { TemplateName } from '#shared/email/messages.js';
import type { DataOf } from '#shared/email/template.js';
import { returnPageUrl } from '#shared/use-cases/console-links.js';
import type { Sample } from './sample.js';

const sample = <N extends TemplateName>(label: string, template: N, data: DataOf<N>): Sample =>
  ({ label, template, data }) as Sample;

const names = { clientName: 'Alex Morgan', therapistName: 'Sam Rivera' };
export const rebookingLinks = {
  bookingUrl: 'https://api.threshold.test/book/booking-token-gggggggggggggggggggggggggggggg',
  returnsUrl: returnPageUrl({ publicBaseUrl: 'https://api.threshold.test' }, '01jreturnaaaaaaaaaaaaaaaaaa'),
};
const invitation = {
  bookingUrl: rebookingLinks.bookingUrl,
  invitationExpiresAt: '2025-08-24T17:00:00Z',
  durationMinutes: 50,
  timeZone: 'Europe/London',
};
const dates = { start: '2025-08-04', end: '2025-08-15', when: 'from Monday 4 August to Friday 15 August' };

export const rebookingSamples: Sample[] = [
  sample('standing-time-set (weekly, across the clock change)', 'standing-time-set', {
    ...names,
    weekday: 'tue',
    time: '10:00',
    every: 'week',
    lengthMinutes: 50,
    firstDate: '2026-03-17',
    timeZone: 'Europe/London',
    dates: ['2026-03-17T10:00:00Z', '2026-03-24T10:00:00Z', '2026-03-31T09:00:00Z', '2026-04-07T09:00:00Z'],
  }),
  sample('standing-time-set (fortnightly, one date so far)', 'standing-time-set', {
    ...names,
    weekday: 'thu',
    time: '17:30',
    every: 'fortnight',
    lengthMinutes: 60,
    firstDate: '2026-03-19',
    timeZone: 'America/New_York',
    dates: ['2026-03-19T21:30:00Z'],
  }),
  sample('break-notice (with the therapist’s message)', 'break-notice', {
    ...names,
    ...dates,
    firstDayBack: 'Monday 18 August',
    therapistMessage: 'I am taking a summer break.\nI look forward to seeing you when I am back.',
  }),
  sample('break-notice (one day)', 'break-notice', {
    ...names,
    start: '2025-08-04',
    end: '2025-08-04',
    when: 'on Monday 4 August',
    firstDayBack: 'Tuesday 5 August',
  }),
  sample('break-notice-correction', 'break-notice-correction', { ...names, ...dates }),
  sample('welcome-back', 'welcome-back', {
    ...names,
    firstDayBack: 'Monday 18 August',
    reminder: false,
    ...invitation,
  }),
  sample('welcome-back (the one reminder)', 'welcome-back', {
    ...names,
    firstDayBack: 'Monday 18 August',
    reminder: true,
    ...invitation,
  }),
  sample('return-request-received', 'return-request-received', {
    ...names,
    replyBy: '2025-09-05T17:00:00Z',
    timeZone: 'Europe/London',
  }),
  sample('return-request-new (message)', 'return-request-new', {
    ...names,
    receivedAt: '2025-09-01T08:15:00Z',
    timeZone: 'Europe/London',
    hasMessage: true,
    returnsUrl: rebookingLinks.returnsUrl,
  }),
  sample('return-request-new (the one reminder)', 'return-request-new', {
    ...names,
    receivedAt: '2025-09-01T08:15:00Z',
    timeZone: 'Europe/London',
    hasMessage: true,
    returnsUrl: rebookingLinks.returnsUrl,
    reminder: true,
  }),
  sample('return-request-new (no message)', 'return-request-new', {
    ...names,
    receivedAt: '2025-09-01T08:15:00Z',
    timeZone: 'Europe/London',
    hasMessage: false,
    returnsUrl: rebookingLinks.returnsUrl,
  }),
  sample('return-accepted (note)', 'return-accepted', {
    ...names,
    note: 'It is good to hear from you.\nI have time on Thursdays.',
    ...invitation,
  }),
  sample('return-accepted', 'return-accepted', { ...names, ...invitation }),
  sample('return-declined (note)', 'return-declined', {
    ...names,
    note: 'My practice is full for now.\nI wish you well.',
  }),
  sample('return-declined', 'return-declined', names),
];
