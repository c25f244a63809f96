/**
 * Waiting-list steps: a therapist who is full, people joining through first contact, and what the
 * therapist and the waiting people do. Every `when` goes through the driver's one switch.
 */
import { expect } from 'vitest';
import type { PracticeSettings } from '#shared/domain/practice-settings.js';
import type { ReceivedEmail } from '#test/support/mailbox.js';
import { send, type ApiReply } from '#test/support/driver.js';
import { aClient, anEnquiryFrom, type GivenClient, type GivenTherapist } from '#test/support/steps/given.js';
import { scanAll } from '#test/support/steps/then.js';
import { clientSendsEnquiry, pathOf } from '#test/support/steps/when.js';
import { aPractice, practice, weekdays } from '../bookings/steps.js';

export const therapistSetsNewClients = (therapistId: string, body: unknown): Promise<ApiReply> =>
  send({ method: 'PUT', path: '/me/new-clients', as: therapistId, json: body });
export const therapistReadsNewClients = (therapistId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: '/me/new-clients', as: therapistId });
export const therapistListsWaiting = (therapistId: string, query = ''): Promise<ApiReply> =>
  send({ method: 'GET', path: `/me/waiting-list${query ? `?${query}` : ''}`, as: therapistId });
export const therapistOffers = (therapistId: string, entryId: string, note?: string): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/me/waiting-list/${entryId}/offer`,
    as: therapistId,
    ...(note === undefined ? {} : { json: { note } }),
  });
export const therapistRemoves = (therapistId: string, entryId: string, note?: string): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/me/waiting-list/${entryId}/remove`,
    as: therapistId,
    ...(note === undefined ? {} : { json: { note } }),
  });

/** The waiting person opens a link from an email (a GET: it never acts). */
export const personOpens = (url: string): Promise<ApiReply> => send({ method: 'GET', path: pathOf(url) });
/** The waiting person presses the page's one button; `seen` is what the page showed (the hidden field). */
export const personPresses = (url: string, seen?: 'waiting' | 'offered'): Promise<ApiReply> =>
  send({ method: 'POST', path: pathOf(url), form: seen ? { seen } : {} });

/** What a link's page showed, as its hidden form field sends it back. */
export function seenOn(page: ApiReply): 'waiting' | 'offered' {
  const seen = /name="seen" value="(waiting|offered)"/.exec(page.text)?.[1];
  if (!seen) throw new Error('The page has no button to press');
  return seen as 'waiting' | 'offered';
}

/** A practice that books without confirmation, with no notice needed, and a waiting list. */
export async function aFullTherapist(
  newClients: Record<string, unknown> = { status: 'waiting-list' },
  settings: Partial<PracticeSettings> = {},
): Promise<GivenTherapist> {
  const therapist = await aPractice(
    practice({ requiresConfirmation: false, minimumNoticeMinutes: 0, horizonDays: 60, ...settings }),
    weekdays('Europe/London'),
  );
  expect((await therapistSetsNewClients(therapist.therapistId, newClients)).status).toBe(200);
  return therapist;
}

export interface Joined {
  client: GivenClient;
  enquiry: Record<string, unknown>;
  reply: ApiReply;
}

export async function someoneWrites(therapist: GivenTherapist, client: GivenClient = aClient()): Promise<Joined> {
  const enquiry = anEnquiryFrom(client);
  const reply = await clientSendsEnquiry(therapist.therapistId, enquiry, client);
  return { client, enquiry, reply };
}

export interface EntryView {
  entryId: string;
  position?: number;
  status: string;
  name: string;
  email: string;
  message?: string;
  waitedDays: number;
  joinedAt: string;
  checkIns: { sent: number; unanswered: number; nextAt?: string };
  offer?: { invitationId: string; offeredAt: string; expiresAt: string; note?: string };
  offersExpired: number;
  note?: string;
  closedAt?: string;
}

export async function theList(therapistId: string, query = ''): Promise<EntryView[]> {
  const reply = await therapistListsWaiting(therapistId, query);
  expect(reply.status, reply.text).toBe(200);
  return reply.json<{ items: EntryView[] }>().items;
}

/** The link after a label in the text part ("Keep my place:\nhttps://..."). */
export function linkIn(email: ReceivedEmail, label: string): string {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`${escaped}:?\\s+(https?://\\S+)`).exec(email.body.text ?? '')?.[1];
  if (!found) throw new Error(`No "${label}" link in the email "${email.subject}"`);
  return found;
}

export const pendingTimersOf = async (therapistId: string): Promise<Record<string, unknown>[]> =>
  scanAll(
    'entity = :timer AND therapistId = :t AND #status = :pending',
    { ':timer': 'timer', ':t': therapistId, ':pending': 'pending' },
    { '#status': 'status' },
  );
