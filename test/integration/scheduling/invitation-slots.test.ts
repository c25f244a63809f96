/**
 * An accepted enquiry's invitation and its free times, through the real journey: enquiry → accept
 * (therapist API) → the accept email's booking link → GET /invitations/{token} → /slots. Across the
 * 2026 clock changes of London (29 March) and New York (8 March, 1 November), with a client in the
 * therapist's zone and one in another; overrides, breaks and bookings take their times away.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '#shared/domain/booking.js';
import { defaultPracticeSettings, type PracticeSettings } from '#shared/domain/practice-settings.js';
import { getRuntime } from '#shared/runtime.js';
import { bookingByTime, keys } from '#shared/store/keys.js';
import { clock, DAY, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, anEnquiryFrom, type GivenTherapist } from '#test/support/steps/given.js';
import { emailsArriveFor, theOutboxIsDelivered } from '#test/support/steps/then.js';
import { clientSendsEnquiry, therapistAccepts } from '#test/support/steps/when.js';
import {
  errorPaths,
  someoneListsSlots,
  someoneViewsInvitation,
  therapistSavesHours,
  therapistSavesSettings,
  therapistSetsOverride,
} from './steps.js';

useTestEnvironment();

// 60-minute consultations, no buffers, no notice: every slot below is plain to read.
// Starts every 15 minutes, so the tests can see quarter-hour precision across clock changes.
const plain: PracticeSettings = {
  ...defaultPracticeSettings,
  consultation: { durationMinutes: 60, mode: { kind: 'video' } },
  sessionLengthMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  horizonDays: 90,
  startIntervalMinutes: 15,
};
const mornings = (timeZone: string) => {
  const day = [{ start: '09:00', end: '10:30' }];
  return { timeZone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
};

interface Invited {
  therapist: GivenTherapist;
  token: string;
}

/** A therapist with hours; a client's enquiry, accepted from the API; the link from the accept email. */
async function anInvitation(
  timeZone: string,
  settings: PracticeSettings = plain,
  hours = mornings(timeZone),
): Promise<Invited> {
  const therapist = await aTherapist({ timeZone });
  expect((await therapistSavesSettings(therapist.therapistId, settings)).status).toBe(200);
  expect((await therapistSavesHours(therapist.therapistId, hours)).status).toBe(200);
  const client = aClient();
  const sent = await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(client), client);
  expect(sent.status).toBe(201);
  const accepted = await therapistAccepts(therapist.therapistId, sent.json<{ enquiryId: string }>().enquiryId);
  expect(accepted.status).toBe(200);
  const { bookingUrl } = accepted.json<{ bookingUrl: string }>();
  expect(bookingUrl).toMatch(/^https:\/\/api\.threshold\.test\/book\/[A-Za-z0-9_-]{43}$/);

  await theOutboxIsDelivered();
  // The acknowledgement and the reply go out in one batch: find the reply by its link, not its place.
  const emails = await emailsArriveFor(client.email, 2);
  const token = emails.map((e) => /\/book\/([A-Za-z0-9_-]{43})/.exec(e.body.text ?? '')?.[1]).find(Boolean);
  expect(token, 'the accept email carries the booking link').toBeDefined();
  expect(bookingUrl.endsWith(token!)).toBe(true);
  return { therapist, token: token! };
}

const starts = (reply: { json<T>(): T }): string[] =>
  reply.json<{ slots: { start: string }[] }>().slots.map((s) => s.start);

async function aBooking(
  therapistId: string,
  start: string,
  minutes: number,
  status: Booking['status'] = 'confirmed',
): Promise<void> {
  const bookingId = `b-${randomBytes(6).toString('hex')}`;
  const startMs = Date.parse(start);
  const booking: Booking = {
    bookingId,
    therapistId,
    kind: 'consultation',
    status,
    invitationId: 'someone-else',
    client: { name: 'Another Person', email: 'another@client.test' },
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + minutes * 60_000).toISOString(),
    occupiedStart: startMs,
    occupiedEnd: startMs + minutes * 60_000,
    clientTimeZone: 'Europe/London',
    sequence: 0,
    requestedAt: '2026-03-01T00:00:00.000Z',
  };
  const { db, config } = getRuntime();
  await db.send(
    new PutCommand({
      TableName: config.tableName,
      Item: {
        ...keys.booking(therapistId, bookingId),
        entity: 'booking',
        ...booking,
        ...bookingByTime(therapistId, booking.start, bookingId),
      },
    }),
  );
}

describe.runIf(handlerMode)('an invitation from an accepted enquiry', () => {
  beforeEach(() => clock.set('2026-03-20T10:00:00Z'));

  it('says what it is for, and lasts 21 days', async () => {
    const { token } = await anInvitation('Europe/London');
    const reply = await someoneViewsInvitation(token);
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({
      kind: 'consultation',
      status: 'open',
      therapist: { displayName: 'Sam Rivera' },
      durationMinutes: 60,
      expiresAt: '2026-04-10T10:00:00.000Z',
      timeZone: 'Europe/London',
    });
  });

  it('starts on the hour and half hour by default, or every hour when the therapist chooses', async () => {
    const minutesOf = (slots: { start: string }[]) => [...new Set(slots.map((x) => x.start.slice(14, 16)))].sort();
    const byDefault = await anInvitation('Europe/London', {
      ...plain,
      startIntervalMinutes: defaultPracticeSettings.startIntervalMinutes,
    });
    const shown = (
      await someoneListsSlots(byDefault.token, { from: '2026-03-27', to: '2026-03-27', tz: 'Europe/London' })
    ).json<{ slots: { start: string }[] }>().slots;
    expect(shown.map((x) => x.start)).toEqual(['2026-03-27T09:00:00+00:00', '2026-03-27T09:30:00+00:00']);
    // Shown in a zone half an hour off London, the same instants keep their minutes apart.
    const inAdelaide = (
      await someoneListsSlots(byDefault.token, { from: '2026-03-27', to: '2026-03-28', tz: 'Australia/Adelaide' })
    ).json<{ slots: { start: string }[] }>().slots;
    expect(minutesOf(inAdelaide)).toEqual(['00', '30']);
    const hourly = await anInvitation('Europe/London', { ...plain, startIntervalMinutes: 60 });
    const everyHour = (
      await someoneListsSlots(hourly.token, { from: '2026-03-27', to: '2026-03-27', tz: 'Europe/London' })
    ).json<{ slots: { start: string }[] }>().slots;
    expect(everyHour.map((x) => x.start)).toEqual(['2026-03-27T09:00:00+00:00']);
  });

  it('London, across 29 March: a 09:00 slot stays 09:00 London on both sides', async () => {
    const { token } = await anInvitation('Europe/London');
    const reply = await someoneListsSlots(token, { from: '2026-03-27', to: '2026-03-30', tz: 'Europe/London' });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({
      timeZone: 'Europe/London',
      slots: [
        { start: '2026-03-27T09:00:00+00:00', end: '2026-03-27T10:00:00+00:00' },
        { start: '2026-03-27T09:15:00+00:00', end: '2026-03-27T10:15:00+00:00' },
        { start: '2026-03-27T09:30:00+00:00', end: '2026-03-27T10:30:00+00:00' },
        { start: '2026-03-30T09:00:00+01:00', end: '2026-03-30T10:00:00+01:00' },
        { start: '2026-03-30T09:15:00+01:00', end: '2026-03-30T10:15:00+01:00' },
        { start: '2026-03-30T09:30:00+01:00', end: '2026-03-30T10:30:00+01:00' },
      ],
    });
  });

  it('New York, across 8 March, shown to a client in New York and to one in London', async () => {
    clock.set('2026-03-02T15:00:00Z');
    const { token } = await anInvitation('America/New_York');
    const local = await someoneListsSlots(token, { from: '2026-03-06', to: '2026-03-09', tz: 'America/New_York' });
    expect(starts(local)).toEqual([
      '2026-03-06T09:00:00-05:00',
      '2026-03-06T09:15:00-05:00',
      '2026-03-06T09:30:00-05:00',
      '2026-03-09T09:00:00-04:00',
      '2026-03-09T09:15:00-04:00',
      '2026-03-09T09:30:00-04:00',
    ]);
    // The same instants in London (still on GMT): the client sees 14:00, then 13:00 after New York moves.
    const london = await someoneListsSlots(token, {
      from: '2026-03-06T00:00:00-05:00',
      to: '2026-03-10T00:00:00-04:00',
      tz: 'Europe/London',
    });
    expect(london.json<{ timeZone: string }>().timeZone).toBe('Europe/London');
    expect(starts(london)).toEqual([
      '2026-03-06T14:00:00+00:00',
      '2026-03-06T14:15:00+00:00',
      '2026-03-06T14:30:00+00:00',
      '2026-03-09T13:00:00+00:00',
      '2026-03-09T13:15:00+00:00',
      '2026-03-09T13:30:00+00:00',
    ]);
  });

  it('New York, across 1 November; without tz, the therapist’s zone', async () => {
    clock.set('2026-10-26T15:00:00Z');
    const { token } = await anInvitation('America/New_York');
    const reply = await someoneListsSlots(token, { from: '2026-10-30', to: '2026-11-02' });
    expect(reply.json<{ timeZone: string }>().timeZone).toBe('America/New_York');
    expect(starts(reply)).toEqual([
      '2026-10-30T09:00:00-04:00',
      '2026-10-30T09:15:00-04:00',
      '2026-10-30T09:30:00-04:00',
      '2026-11-02T09:00:00-05:00',
      '2026-11-02T09:15:00-05:00',
      '2026-11-02T09:30:00-05:00',
    ]);
  });

  it('an override closes a day, a break closes dates, a booking takes its time; a cancelled one does not', async () => {
    const { therapist, token } = await anInvitation('Europe/London');
    const id = therapist.therapistId;
    expect((await therapistSetsOverride(id, { date: '2026-03-30', intervals: [] })).status).toBe(200);
    expect(
      (await therapistSetsOverride(id, { date: '2026-03-28', intervals: [{ start: '11:00', end: '12:00' }] })).status,
    ).toBe(200); // opens a Saturday
    const { db, config } = getRuntime();
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...keys.therapistBreak(id, 'brk-1'),
          entity: 'break',
          breakId: 'brk-1',
          start: '2026-03-31',
          end: '2026-04-01',
          message: 'Away',
        },
      }),
    );
    await aBooking(id, '2026-03-27T09:00:00Z', 60);

    await aBooking(id, '2026-03-26T09:15:00Z', 60, 'cancelled');
    const reply = await someoneListsSlots(token, { from: '2026-03-26', to: '2026-04-01', tz: 'Europe/London' });
    expect(starts(reply)).toEqual([
      // Thursday: the cancelled booking holds nothing.
      '2026-03-26T09:00:00+00:00',
      '2026-03-26T09:15:00+00:00',
      '2026-03-26T09:30:00+00:00',
      // Friday: 09:00–10:00 is booked, and a start at 10:00 would run past 10:30.
      // Saturday: opened by its override.
      '2026-03-28T11:00:00+00:00',
      // Monday closed by its override; Tuesday and Wednesday by the break.
    ]);
  });

  it('a booking blocks exactly its occupied range; a request holds time like a confirmed booking', async () => {
    // 60 minutes plus 15 after: a slot occupies [start, start + 75 min) in whole cells.
    const hours = { timeZone: 'Europe/London', weekly: { fri: [{ start: '09:00', end: '12:00' }] } };
    const { therapist, token } = await anInvitation(
      'Europe/London',
      { ...plain, bufferAfterMinutes: 15 },
      hours as ReturnType<typeof mornings>,
    );
    // A request whose occupied range (its own buffers already in) is 09:00–09:45.
    await aBooking(therapist.therapistId, '2026-03-27T09:00:00Z', 45, 'requested');
    const reply = await someoneListsSlots(token, { from: '2026-03-27', to: '2026-03-27', tz: 'Europe/London' });
    // The first free start is the end of that range: the booking's buffers are not added a second time.
    expect(starts(reply)[0]).toBe('2026-03-27T09:45:00+00:00');
    expect(starts(reply).at(-1)).toBe('2026-03-27T11:00:00+00:00');
  });

  it("an invitation of one therapist never shows another's times or is blocked by their bookings", async () => {
    const a = await anInvitation('Europe/London');
    const b = await anInvitation('Europe/London', plain, {
      timeZone: 'Europe/London',
      weekly: { fri: [{ start: '14:00', end: '15:00' }] },
    } as ReturnType<typeof mornings>);
    await aBooking(b.therapist.therapistId, '2026-03-27T09:00:00Z', 90);
    expect(starts(await someoneListsSlots(a.token, { from: '2026-03-27', to: '2026-03-27' }))).toEqual([
      '2026-03-27T09:00:00+00:00',
      '2026-03-27T09:15:00+00:00',
      '2026-03-27T09:30:00+00:00',
    ]);
    expect(starts(await someoneListsSlots(b.token, { from: '2026-03-27', to: '2026-03-27' }))).toEqual([
      '2026-03-27T14:00:00+00:00',
    ]);
  });

  it('clear 400s for a bad window or zone', async () => {
    const { token } = await anInvitation('Europe/London');
    const cases: [Record<string, string>, string][] = [
      [{ tz: 'Mars/Olympus' }, 'query.tz'],
      [{ from: 'tomorrow' }, 'query.from'],
      [{ from: '2026-02-30' }, 'query.from'],
      [{ from: '2026-03-27T09:00:00' }, 'query.from'], // an instant needs its offset
      [{ from: '2026-03-27', to: '2026-03-26' }, 'query.to'],
      [{ from: '2026-03-27', to: '2026-04-28' }, 'query.to'],
      [{ colour: 'blue' }, 'query.colour'],
    ];
    for (const [query, path] of cases) {
      const reply = await someoneListsSlots(token, query);
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(errorPaths(reply), JSON.stringify(query)).toEqual([path]);
    }
    // 31 days is the most one request may ask for.
    expect((await someoneListsSlots(token, { from: '2026-03-27', to: '2026-04-26' })).status).toBe(200);
  });

  it('an unknown or altered link is 401, an expired one 410; viewing never uses it up', async () => {
    const { token } = await anInvitation('Europe/London');
    for (let i = 0; i < 3; i++) expect((await someoneViewsInvitation(token)).status).toBe(200);
    expect((await someoneViewsInvitation(randomBytes(32).toString('base64url'))).status).toBe(401);
    expect((await someoneListsSlots('not-a-token')).status).toBe(401);
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await someoneViewsInvitation(altered)).status).toBe(401);

    clock.advance(21 * DAY);
    const gone = await someoneViewsInvitation(token);
    expect(gone.status).toBe(410);
    expect(gone.json()).toMatchObject({ reason: 'expired', detail: 'This link has expired.' });
    expect((await someoneListsSlots(token)).status).toBe(410);
  });

  it('a booked invitation says so, and offers no more times', async () => {
    const { therapist, token } = await anInvitation('Europe/London');
    const { db, config } = getRuntime();
    // Which invitation: the only one in this therapist's partition.
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const found = await db.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': keys.therapistPk(therapist.therapistId), ':p': 'INVITATION#' },
      }),
    );
    const sk = String(found.Items?.[0]?.sk);
    await db.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: keys.therapistPk(therapist.therapistId), sk },
        UpdateExpression: 'SET #s = :b, bookingId = :id',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':b': 'booked', ':id': 'b-1' },
      }),
    );

    expect((await someoneViewsInvitation(token)).json()).toMatchObject({ status: 'booked' });
    const slots = await someoneListsSlots(token);
    expect(slots.status).toBe(409);
    expect(slots.json()).toMatchObject({ status: 409, invitationStatus: 'booked' });
  });
});
