/** Sample data for the waiting-list templates, one per way each renders. */
import type { TemplateName } from '#shared/email/messages.js';
import type { DataOf } from '#shared/email/template.js';
import { waitingListUrl } from '#shared/use-cases/waiting-list/links.js';
import type { Sample } from './sample.js';

const sample = <N extends TemplateName>(label: string, template: N, data: DataOf<N>): Sample =>
  ({ label, template, data }) as Sample;

const names = { clientName: 'Alex Morgan', therapistName: 'Sam Rivera' };
export const waitingLinks = {
  leaveUrl: 'https://api.threshold.test/waiting-list/leave-token-lllllllllllllllllllllllllllllllll',
  stayUrl: 'https://api.threshold.test/waiting-list/stay-token-sssssssssssssssssssssssssssssssss',
  bookingUrl: 'https://api.threshold.test/book/booking-token-ooooooooooooooooooooooooooooooooo',
  /** Built as the use cases build it, so a sample cannot hold a link the emails never send. */
  waitingListUrl: waitingListUrl({ publicBaseUrl: 'https://api.threshold.test' }),
};
const therapistNote = 'I am sorry to keep you waiting.\nI hope to have space in the spring.';
const checkIn = {
  ...names,
  joinedAt: '2025-03-04T10:00:00Z',
  timeZone: 'Europe/London',
  nextAt: '2025-05-27T10:00:00Z',
  stayUrl: waitingLinks.stayUrl,
  leaveUrl: waitingLinks.leaveUrl,
};

export const waitingListSamples: Sample[] = [
  sample('waiting-list-joined (expected wait, note)', 'waiting-list-joined', {
    ...names,
    expectedWaitWeeks: 8,
    note: therapistNote,
    checkInWeeks: 6,
    leaveUrl: waitingLinks.leaveUrl,
  }),
  sample('waiting-list-joined', 'waiting-list-joined', { ...names, checkInWeeks: 6, leaveUrl: waitingLinks.leaveUrl }),
  sample('waiting-list-new (message, email)', 'waiting-list-new', {
    ...names,
    joinedAt: '2025-03-04T10:00:00Z',
    timeZone: 'Europe/London',
    preferredContact: 'email',
    hasMessage: true,
    hasTimePreferences: true,
    waitingListUrl: waitingLinks.waitingListUrl,
  }),
  sample('waiting-list-new (no message, phone)', 'waiting-list-new', {
    ...names,
    joinedAt: '2025-03-04T10:00:00Z',
    timeZone: 'Europe/London',
    preferredContact: 'phone',
    hasMessage: false,
    hasTimePreferences: false,
    waitingListUrl: waitingLinks.waitingListUrl,
  }),
  sample('waiting-list-check-in (next)', 'waiting-list-check-in', { ...checkIn, standing: 'next', closesThen: false }),
  sample('waiting-list-check-in (a few ahead)', 'waiting-list-check-in', {
    ...checkIn,
    standing: 'near',
    closesThen: false,
  }),
  sample('waiting-list-check-in (further, closes without an answer)', 'waiting-list-check-in', {
    ...checkIn,
    standing: 'further',
    closesThen: true,
  }),
  sample('waiting-list-offer (note)', 'waiting-list-offer', {
    ...names,
    note: 'A place has opened on Tuesday mornings.\nI would be glad to meet you.',
    bookingUrl: waitingLinks.bookingUrl,
    invitationExpiresAt: '2025-03-25T10:00:00Z',
    durationMinutes: 30,
    timeZone: 'Europe/London',
    leaveUrl: waitingLinks.leaveUrl,
  }),
  sample('waiting-list-offer', 'waiting-list-offer', {
    ...names,
    bookingUrl: waitingLinks.bookingUrl,
    invitationExpiresAt: '2025-03-25T10:00:00Z',
    durationMinutes: 30,
    timeZone: 'Europe/London',
    leaveUrl: waitingLinks.leaveUrl,
  }),
  sample('waiting-list-offer-expired', 'waiting-list-offer-expired', {
    ...names,
    offeredAt: '2025-03-04T10:00:00Z',
    timeZone: 'Europe/London',
    leaveUrl: waitingLinks.leaveUrl,
  }),
  sample('waiting-list-closed (left)', 'waiting-list-closed', { ...names, reason: 'left' }),
  sample('waiting-list-closed (removed, note)', 'waiting-list-closed', {
    ...names,
    reason: 'removed',
    note: 'I cannot see space opening this year.\nI wish you well.',
  }),
  sample('waiting-list-closed (removed)', 'waiting-list-closed', { ...names, reason: 'removed' }),
  sample('waiting-list-closed (no reply)', 'waiting-list-closed', { ...names, reason: 'no-reply' }),
  sample('waiting-list-place-free (offer expired)', 'waiting-list-place-free', {
    ...names,
    reason: 'offer-expired',
    offeredAt: '2025-03-04T10:00:00Z',
    timeZone: 'Europe/London',
    waitingListUrl: waitingLinks.waitingListUrl,
  }),
  sample('waiting-list-place-free (left)', 'waiting-list-place-free', {
    ...names,
    reason: 'left',
    offeredAt: '2025-03-04T10:00:00Z',
    timeZone: 'Europe/London',
    waitingListUrl: waitingLinks.waitingListUrl,
  }),
];
