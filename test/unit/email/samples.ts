/** Sample data for every template, with the variants each template renders differently. */
import type { TemplateName } from '#shared/email/messages.js';
import type { DataOf } from '#shared/email/template.js';
import { bookingSamples } from './booking-samples.js';
import { enquiryPageUrl } from '#shared/use-cases/console-links.js';
import type { Sample } from './sample.js';
import { rebookingSamples } from './rebooking-samples.js';
import { waitingListSamples } from './waiting-list-samples.js';

export type { Sample };

const sample = <N extends TemplateName>(label: string, template: N, data: DataOf<N>): Sample =>
  ({ label, template, data }) as Sample;

const base = { clientName: 'Alex Morgan', therapistName: 'Sam Rivera', timeZone: 'Europe/London' };
const links = {
  acceptUrl: 'https://api.threshold.test/actions/accept-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  declineUrl: 'https://api.threshold.test/actions/decline-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  enquiryUrl: enquiryPageUrl({ publicBaseUrl: 'https://api.threshold.test' }, '01jabcdefghjkmnpqrstvwxyz0'),
};
const note = 'Thank you for writing.\nI would be glad to hear more when we talk.';

export const samples: Sample[] = [
  sample('enquiry-received', 'enquiry-received', { ...base, replyBy: '2025-11-28T17:00:00Z' }),
  sample('enquiry-new (message, email)', 'enquiry-new', {
    ...base,
    receivedAt: '2025-03-04T10:00:00Z',
    preferredContact: 'email',
    hasMessage: true,
    hasTimePreferences: true,
    ...links,
  }),
  sample('enquiry-new (no message, phone)', 'enquiry-new', {
    ...base,
    receivedAt: '2025-03-04T10:00:00Z',
    preferredContact: 'phone',
    hasMessage: false,
    hasTimePreferences: false,
    ...links,
  }),
  sample('enquiry-accepted (booking link, note)', 'enquiry-accepted', {
    ...base,
    note,
    bookingUrl: 'https://api.threshold.test/book/booking-token-cccccccccccccccccccccccccccccc',
    invitationExpiresAt: '2025-03-18T12:00:00Z',
  }),
  sample('enquiry-accepted (no booking link yet)', 'enquiry-accepted', base),
  sample('enquiry-declined (note)', 'enquiry-declined', {
    clientName: base.clientName,
    therapistName: base.therapistName,
    note,
  }),
  sample('enquiry-declined', 'enquiry-declined', { clientName: base.clientName, therapistName: base.therapistName }),
  sample('enquiry-nudge', 'enquiry-nudge', {
    ...base,
    receivedAt: '2025-03-04T10:00:00Z',
    expiresAt: '2025-03-18T10:00:00Z',
    ...links,
  }),
  sample('enquiry-closed', 'enquiry-closed', { clientName: base.clientName, therapistName: base.therapistName }),
  ...bookingSamples,
  ...rebookingSamples,
  ...waitingListSamples,
];
