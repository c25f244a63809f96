/**
 * Booking steps: a practice with hours, invitations (through the real enquiry → accept journey, or
 * made directly for many clients at once), and what clients and therapists do with bookings.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { defaultPracticeSettings, type PracticeSettings } from '#shared/domain/practice-settings.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { getRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { wholeMessage } from '#shared/email/stored-invite.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { makeInvitation } from '#shared/use-cases/invitations/make-invitation.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { clock, send, type ApiReply } from '#test/support/driver.js';
import {
  aClient,
  aTherapist,
  anEnquiryFrom,
  type GivenClient,
  type GivenTherapist,
} from '#test/support/steps/given.js';
import { scanAll } from '#test/support/steps/then.js';
import { clientSendsEnquiry, therapistAccepts } from '#test/support/steps/when.js';

export const weekdays = (timeZone: string, start = '09:00', end = '17:00') => {
  const day = [{ start, end }];
  return { timeZone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
};

/** 30-minute video consultations, 50-minute sessions, 10 minutes after, 12 hours' notice, 24 hours to cancel. */
export const practice = (overrides: Partial<PracticeSettings> = {}): PracticeSettings => ({
  ...defaultPracticeSettings,
  consultation: { durationMinutes: 30, mode: { kind: 'video', link: 'https://video.example/sam' } },
  ...overrides,
});

export async function aPractice(
  settings: PracticeSettings = practice(),
  hours: unknown = weekdays('Europe/London'),
  profile: Partial<GivenTherapist> = {},
): Promise<GivenTherapist> {
  const therapist = await aTherapist({ timeZone: (hours as { timeZone: string }).timeZone, ...profile });
  expect((await send({ method: 'PUT', path: '/me/settings', as: therapist.therapistId, json: settings })).status).toBe(
    200,
  );
  expect((await send({ method: 'PUT', path: '/me/availability', as: therapist.therapistId, json: hours })).status).toBe(
    200,
  );
  return therapist;
}

export const tokenOf = (url: string): string => /\/(?:book|manage|actions)\/([A-Za-z0-9_-]{43})$/.exec(url)?.[1] ?? '';

/** The real way in: an enquiry, accepted by the therapist; the token of the accept reply's booking link. */
export async function anAcceptedEnquiry(
  therapist: GivenTherapist,
  client: GivenClient = aClient(),
): Promise<{ client: GivenClient; token: string; enquiryId: string }> {
  const sent = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
  expect(sent.status).toBe(201);
  const enquiryId = sent.json<{ enquiryId: string }>().enquiryId;
  const accepted = await therapistAccepts(therapist.therapistId, enquiryId);
  expect(accepted.status).toBe(200);
  const token = tokenOf(accepted.json<{ bookingUrl: string }>().bookingUrl);
  expect(token).toHaveLength(43);
  return { client, token, enquiryId };
}

/** Invitations made directly (many clients at once): tokens, in order. */
export async function invitations(
  therapist: GivenTherapist,
  count: number,
  kind: 'consultation' | 'session' = 'consultation',
  durationMinutes = 30,
): Promise<{ token: string; client: GivenClient }[]> {
  const deps = getRuntime();
  const made = [];
  for (let i = 0; i < count; i++) {
    const client = aClient();
    const invitation = makeInvitation(deps, {
      kind,
      therapistId: therapist.therapistId,
      client: { name: client.name, email: client.email },
      durationMinutes,
      now: clock.now(),
      ...(kind === 'session' ? { clientId: `c-${i}` } : {}),
    });
    await writeTransaction(deps.db, invitation.transactItems);
    made.push({ token: tokenOf(invitation.bookingUrl), client });
  }
  return made;
}

export const clientBooks = (token: string, start: string, timeZone?: string): Promise<ApiReply> =>
  send({ method: 'POST', path: `/invitations/${token}/bookings`, json: { start, ...(timeZone ? { timeZone } : {}) } });
export const clientListsSlots = (token: string, query = ''): Promise<ApiReply> =>
  send({ method: 'GET', path: `/invitations/${token}/slots${query ? `?${query}` : ''}` });
export const clientViewsBooking = (manageToken: string): Promise<ApiReply> =>
  send({ method: 'GET', path: `/bookings/manage/${manageToken}` });
export const clientCancels = (manageToken: string, reason?: string): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/bookings/manage/${manageToken}/cancel`,
    json: reason === undefined ? {} : { reason },
  });
export const clientMoves = (manageToken: string, start: string): Promise<ApiReply> =>
  send({ method: 'POST', path: `/bookings/manage/${manageToken}/reschedule`, json: { start } });

export const therapistActs = (
  therapistId: string,
  bookingId: string,
  action: 'confirm' | 'decline' | 'cancel',
  note?: string,
): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/me/bookings/${bookingId}/${action}`,
    as: therapistId,
    ...(action === 'confirm' ? {} : { json: note === undefined ? {} : { note } }),
  });
export const therapistRecordsOutcome = (
  therapistId: string,
  bookingId: string,
  outcome: 'continue' | 'not-proceeding',
  note?: string,
): Promise<ApiReply> =>
  send({
    method: 'POST',
    path: `/me/bookings/${bookingId}/outcome`,
    as: therapistId,
    json: { outcome, ...(note ? { note } : {}) },
  });
export const therapistListsBookings = (therapistId: string, query = ''): Promise<ApiReply> =>
  send({ method: 'GET', path: `/me/bookings${query ? `?${query}` : ''}`, as: therapistId });
export const therapistInvitesClient = (therapistId: string, clientId: string): Promise<ApiReply> =>
  send({ method: 'POST', path: `/me/clients/${clientId}/invite`, as: therapistId });

/** Every outbox message with this template (handler mode: the table itself), its data as the template reads it. */
export async function messages(template: string, to?: string): Promise<OutboxMessage[]> {
  const items = (await scanAll('entity = :o', { ':o': 'outbox' })) as unknown as OutboxItem[];
  return items
    .map((i) => wholeMessage(i.message, getRuntime().config.settings.senderEmail))
    .filter((m) => m.template === template && (to === undefined || m.to.email === to))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function onlyMessage<T extends OutboxMessage['template']>(
  template: T,
  to: string,
): Promise<Extract<OutboxMessage, { template: T }>> {
  const found = await messages(template, to);
  expect(found, `one ${template} to ${to}`).toHaveLength(1);
  return found[0] as Extract<OutboxMessage, { template: T }>;
}

/** The lock cells a therapist holds, as UTC ISO instants, with the booking holding each. */
export async function locks(therapistId: string): Promise<{ cell: string; bookingId: string }[]> {
  const { db, config } = getRuntime();
  const page = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :lock)',
      ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':lock': 'LOCK#' },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((i) => ({ cell: String(i.sk).slice('LOCK#'.length), bookingId: String(i.bookingId) }));
}

export async function timers(therapistId: string, kind?: string): Promise<TimerItem[]> {
  const { db, config } = getRuntime();
  const page = await db.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :timer)',
      ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':timer': 'TIMER#' },
      ConsistentRead: true,
    }),
  );
  return ((page.Items ?? []) as TimerItem[]).filter((t) => kind === undefined || t.kind === kind);
}

export const cellsFrom = (startIso: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => new Date(Date.parse(startIso) + i * 15 * 60_000).toISOString());

/** A value for every setting, none of them the default, so a reset of any one of them shows. */
export const everySettingSet: PracticeSettings = {
  consultation: { durationMinutes: 45, mode: { kind: 'in-person', address: '1 High Street, Bristol' } },
  sessionLengthMinutes: 60,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 15,
  minimumNoticeMinutes: 90,
  horizonDays: 30,
  dailyLimit: 5,
  requiresConfirmation: false,
  cancellationNoticeHours: 48,
  reminderOffsetsMinutes: [2880, 90],
  requestExpiryHours: 36,
  startIntervalMinutes: 15,
  breakNoticeDays: 21,
  welcomeBackDays: 10,
  earlyWindowDays: 5,
  waitingListCheckInWeeks: 10,
};
