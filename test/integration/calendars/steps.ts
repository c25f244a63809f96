/** Calendar steps: what a therapist sets, what the schedule and the stream do, what a client then sees. */
import { randomUUID } from 'node:crypto';
import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { expect } from 'vitest';
import { handler as calendarSync, type CalendarSyncResult } from '#functions/calendar-sync/handler.js';
import { defaultPracticeSettings, type PracticeSettings } from '#shared/domain/practice-settings.js';
import { getRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { queryAll } from '#shared/store/dynamo.js';
import { clock, lambdaContext, send, type ApiReply } from '#test/support/driver.js';
import {
  aClient,
  aTherapist,
  anEnquiryFrom,
  type GivenClient,
  type GivenTherapist,
} from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistAccepts } from '#test/support/steps/when.js';

export const therapistSavesBusyCalendars = (therapistId: string, calendars: unknown): Promise<ApiReply> =>
  send({ method: 'PUT', path: '/me/busy-calendars', as: therapistId, json: calendars });
export const therapistReadsBusyCalendars = (therapistId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: '/me/busy-calendars', as: therapistId });

export interface BusyCalendarReply {
  calendarId: string;
  label: string;
  url: string;
  status: string;
  busyTimes: number;
  lastSyncedAt?: string;
  lastAttemptAt?: string;
  nextSyncAt: string;
  problem?: { code: string; message: string };
}

export const busyCalendarsIn = (reply: ApiReply): BusyCalendarReply[] => reply.json<BusyCalendarReply[]>();

/** The EventBridge schedule firing at `at` (the test clock by default). */
export function theCalendarSyncRuns(at: Date = clock.now()): Promise<CalendarSyncResult> {
  const event: ScheduledEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'eu-west-2',
    resources: ['arn:aws:events:eu-west-2:000000000000:rule/threshold-test-calendar-sync'],
    detail: {},
  };
  return calendarSync(event, lambdaContext('calendar-sync'));
}

let sequence = 1;

/**
 * Plays the table stream for the therapist's calendars not yet read (what the event source mapping
 * hands the sync function after a save), stamped with the test clock.
 */
export async function theStreamDeliversSavedCalendars(therapistId: string): Promise<CalendarSyncResult> {
  const { db, config } = getRuntime();
  const items = await queryAll<Record<string, unknown>>(db, {
    TableName: config.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.therapistPk(therapistId), ':prefix': keys.busyCalendarPrefix },
    ConsistentRead: true,
  });
  const fresh = items.filter((item) => item.lastAttemptAt === undefined);
  const event: DynamoDBStreamEvent = {
    Records: fresh.map((item) => ({
      eventID: randomUUID(),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-2',
      eventSourceARN: 'arn:aws:dynamodb:eu-west-2:000000000000:table/test/stream/2025-01-01T00:00:00.000',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(clock.now().getTime() / 1000),
        Keys: marshall({ pk: item.pk, sk: item.sk }) as Record<string, AttributeValue>,
        NewImage: marshall(item, { removeUndefinedValues: true }) as Record<string, SdkAttributeValue> as Record<
          string,
          AttributeValue
        >,
        SequenceNumber: String(sequence++).padStart(21, '0'),
        SizeBytes: 512,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    })),
  };
  return calendarSync(event, lambdaContext('calendar-sync'));
}

/** 60-minute consultations, 15 minutes after each, starts every half hour, no notice: slots easy to read. */
export const plainSettings: PracticeSettings = {
  ...defaultPracticeSettings,
  consultation: { durationMinutes: 60, mode: { kind: 'video' } },
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  minimumNoticeMinutes: 0,
  horizonDays: 30,
  startIntervalMinutes: 30,
};

export interface Invited {
  therapist: GivenTherapist;
  token: string;
}

/** A therapist with weekday hours 09:00-17:00 (London) and the given settings. */
export async function aTherapistWithHours(settings: PracticeSettings = plainSettings): Promise<GivenTherapist> {
  const therapist = await aTherapist({ timeZone: 'Europe/London' });
  const day = [{ start: '09:00', end: '17:00' }];
  expect((await send({ method: 'PUT', path: '/me/settings', as: therapist.therapistId, json: settings })).status).toBe(
    200,
  );
  expect(
    (
      await send({
        method: 'PUT',
        path: '/me/availability',
        as: therapist.therapistId,
        json: { timeZone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } },
      })
    ).status,
  ).toBe(200);
  return therapist;
}

/** A client's enquiry, accepted by the therapist: the invitation's token. */
export async function anInvitationFrom(therapist: GivenTherapist, client: GivenClient = aClient()): Promise<string> {
  const sent = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
  expect(sent.status).toBe(201);
  const accepted = await therapistAccepts(therapist.therapistId, sent.json<{ enquiryId: string }>().enquiryId);
  expect(accepted.status).toBe(200);
  const token = /\/book\/([A-Za-z0-9_-]{43})$/.exec(accepted.json<{ bookingUrl: string }>().bookingUrl)?.[1];
  expect(token).toBeDefined();
  return token!;
}

/** A therapist with weekday hours 09:00-17:00 (London) and an accepted enquiry's invitation to book. */
export async function aTherapistWithAnInvitation(settings: PracticeSettings = plainSettings): Promise<Invited> {
  const therapist = await aTherapistWithHours(settings);
  return { therapist, token: await anInvitationFrom(therapist) };
}

/** Slot starts on one London date, as HH:MM. */
export async function startsOn(token: string, date: string): Promise<string[]> {
  const reply = await send({
    method: 'GET',
    path: `/invitations/${token}/slots?from=${date}&to=${date}&tz=Europe/London`,
  });
  expect(reply.status).toBe(200);
  return reply.json<{ slots: { start: string }[] }>().slots.map((s) => s.start.slice(11, 16));
}

export const clientBooks = (token: string, start: string): Promise<ApiReply> =>
  send({ method: 'POST', path: `/invitations/${token}/bookings`, json: { start } });
