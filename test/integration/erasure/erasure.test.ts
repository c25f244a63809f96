/**
 * A therapist erases one person's data (POST /me/erasures), in handler mode against DynamoDB Local
 * and the SES emulator: the person's whole footprint goes from that therapist's partition, nothing
 * else changes, emails already queued to them are held, and the answer and the logs hold counts only.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { getRuntime, resetRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { captureLogs } from '#test/support/capture-logs.js';
import { clock, MINUTE } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist, anEnquiryFrom } from '#test/support/steps/given.js';
import { clientSendsEnquiry, therapistReadsEnquiry } from '#test/support/steps/when.js';
import { emailsFor, storedItem, theOutboxIsDelivered } from '#test/support/steps/then.js';
import { aPractice, anAcceptedEnquiry, clientBooks, therapistActs } from '../bookings/steps.js';
import { call } from '../clients/steps.js';
import {
  aWholeFootprint,
  clientsOf,
  hashOf,
  mentions,
  outboxStatus,
  partition,
  queuedFor,
  theMailerRuns,
  therapistErases,
} from './steps.js';

useTestEnvironment();

// Monday 2 March 2026, 09:00 in London.
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

const zeros = {
  enquiries: 0,
  waitingListEntries: 0,
  clients: 0,
  bookings: 0,
  returnRequests: 0,
  invitations: 0,
  timers: 0,
  locks: 0,
  guards: 0,
};

describe('erasing a person', () => {
  it("removes everything of theirs from the therapist's partition, and nothing else", async () => {
    const therapist = await aPractice();
    const elsewhere = await aPractice();
    const person = aClient();
    const ids = await aWholeFootprint(therapist, person);

    // Another person of the same therapist, with a request waiting; the same person at another therapist.
    const other = aClient();
    const { token: otherToken, enquiryId: otherEnquiryId } = await anAcceptedEnquiry(therapist, other);
    expect((await clientBooks(otherToken, '2026-03-05T14:00:00+00:00')).status).toBe(201);
    const { enquiryId: elsewhereEnquiryId } = await anAcceptedEnquiry(elsewhere, person);

    const hash = hashOf(person.email);
    const needles = [person.email, hash, ids.enquiryId, ids.bookingId, ids.invitationId, ids.clientId, ids.returnId];
    const before = await partition(therapist.therapistId);
    const theirs = before.filter((i) => mentions(i, needles));
    const entities = theirs.map((i) => i.entity);
    // The footprint is what the answer should count: guards, client, enquiry, booking with 3 cells, invitation, return, timers.
    expect(new Set(entities)).toEqual(
      new Set([
        'enquiry',
        'enquiry-guard',
        'client',
        'client-guard',
        'booking',
        'lock',
        'invitation',
        'return-request',
        'timer',
      ]),
    );
    const elsewhereBefore = await partition(elsewhere.therapistId);
    const queuedByTherapist = (await queuedFor(person.email))
      .filter((o) => o.message.therapistId === therapist.therapistId)
      .map((o) => o.pk);
    const queuedElsewhere = (await queuedFor(person.email))
      .filter((o) => o.message.therapistId === elsewhere.therapistId)
      .map((o) => o.pk);
    expect(queuedByTherapist.length).toBeGreaterThan(3);
    expect(queuedElsewhere).toHaveLength(2); // acknowledgement, invitation

    clock.advance(5 * MINUTE);
    const erased = await therapistErases(therapist.therapistId, {
      email: ` ${person.email.toUpperCase()} `,
      confirm: true,
    });
    expect(erased.status).toBe(200);
    const count = (entity: string) => entities.filter((e) => e === entity).length;
    expect(erased.json()).toEqual({
      erased: {
        enquiries: 1,
        waitingListEntries: 0,
        clients: 1,
        bookings: 1,
        returnRequests: 1,
        invitations: 1,
        timers: count('timer'),
        locks: 3,
        guards: 2,
      },
    });
    expect(count('timer')).toBe(2); // the booking's reminder and the return request's nudge
    expect(erased.text).not.toContain(person.email);
    expect(erased.text).not.toContain(hash);

    // Nothing left in the partition names the person; everything else is exactly as it was.
    const after = await partition(therapist.therapistId);
    expect(after.filter((i) => mentions(i, needles))).toEqual([]);
    // One item more: the calendar feed's change marker, so the erased booking leaves subscribed calendars too.
    expect(after.filter((i) => i.entity !== 'calendar-change')).toEqual(before.filter((i) => !mentions(i, needles)));
    expect(after.filter((i) => i.entity === 'calendar-change')).toEqual([
      expect.objectContaining({ sk: 'CALENDAR_CHANGE', changedAt: clock.now().toISOString() }),
    ]);
    expect(await partition(elsewhere.therapistId)).toEqual(elsewhereBefore);
    expect((await clientsOf(therapist.therapistId)).map((c) => c.clientId)).not.toContain(ids.clientId);
    expect((await therapistReadsEnquiry(therapist.therapistId, ids.enquiryId)).status).toBe(404);
    expect((await therapistReadsEnquiry(therapist.therapistId, otherEnquiryId)).status).toBe(200);
    expect((await therapistReadsEnquiry(elsewhere.therapistId, elsewhereEnquiryId)).status).toBe(200);

    // Outside the partition: the hold, with the keyed hash and the therapist id only.
    expect(await storedItem(keys.erasureHold(hash, therapist.therapistId))).toEqual({
      ...keys.erasureHold(hash, therapist.therapistId),
      entity: 'erasure-hold',
      therapistId: therapist.therapistId,
      erasedAt: '2026-03-04T11:05:00.000Z',
      // 61 days and 20 minutes: the re-drive's last attempt at an email queued now, a day for late sweeps, and a failed item's 30 days.
      ttl: Date.parse('2026-05-04T11:25:00.000Z') / 1000,
    });

    // Emails this therapist queued to them are held; the other therapist's still arrive, and so does the other person's.
    await theMailerRuns();
    for (const pk of queuedByTherapist) expect(await outboxStatus(pk)).toBe('suppressed');
    for (const pk of queuedElsewhere) expect(await outboxStatus(pk)).toBe('sent');
    const received = await emailsFor(person.email);
    expect(received).toHaveLength(2);
    expect(received.every((e) => (e.body.text ?? '').includes(elsewhere.displayName))).toBe(true);
    expect((await emailsFor(other.email)).length).toBeGreaterThan(0);

    // Erasing again erases nothing more and does not fail.
    const again = await therapistErases(therapist.therapistId, { email: person.email, confirm: true });
    expect(again.status).toBe(200);
    expect(again.json()).toEqual({ erased: zeros });
    expect(await partition(therapist.therapistId)).toEqual(after);

    // If they write again later, they hear that it arrived: the hold covers only what was queued before.
    clock.advance(MINUTE);
    expect((await clientSendsEnquiry(therapist.therapistId, anEnquiryFrom(person), person)).status).toBe(201);
    await theMailerRuns();
    expect(await emailsFor(person.email)).toHaveLength(3);
  });

  it('is refused kindly while they have an upcoming booking, and goes ahead once it is cancelled', async () => {
    const therapist = await aPractice();
    const { client: person, token } = await anAcceptedEnquiry(therapist);
    const booked = await clientBooks(token, '2026-03-05T10:00:00+00:00');
    const { bookingId } = booked.json<{ bookingId: string }>();
    const before = await partition(therapist.therapistId);

    const refused = await therapistErases(therapist.therapistId, { email: person.email, confirm: true });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    const problem = refused.json<{
      type: string;
      detail: string;
      reason: string;
      upcomingBookings: number;
      bookingIds: string[];
    }>();
    expect(problem).toMatchObject({
      status: 409,
      reason: 'upcoming-bookings',
      upcomingBookings: 1,
      bookingIds: [bookingId],
    });
    expect(problem.detail).toBe(
      'This person has an upcoming booking with you. Please cancel it first, so they hear from you, then erase their data. Nothing has been erased.',
    );
    expect(refused.text).not.toContain(person.email);
    expect(await partition(therapist.therapistId)).toEqual(before);

    // Cancelled with a note (the mailer sends it within seconds), then erased: its cells and timers went with the cancel.
    expect(
      (await therapistActs(therapist.therapistId, bookingId, 'cancel', 'I am sorry, I have to cancel.')).status,
    ).toBe(200);
    await theOutboxIsDelivered();
    const erased = await therapistErases(therapist.therapistId, { email: person.email, confirm: true });
    expect(erased.status).toBe(200);
    expect(erased.json()).toEqual({ erased: { ...zeros, enquiries: 1, bookings: 1, invitations: 1, guards: 1 } });
    expect(
      (await partition(therapist.therapistId)).filter((i) =>
        mentions(i, [person.email, hashOf(person.email), bookingId]),
      ),
    ).toEqual([]);
    expect(
      (await emailsFor(person.email)).some((e) => (e.body.text ?? '').includes('I am sorry, I have to cancel.')),
    ).toBe(true);
  });

  it("only ever touches the caller's own partition", async () => {
    const therapist = await aPractice();
    const stranger = await aTherapist();
    const { client: person, enquiryId } = await anAcceptedEnquiry(therapist);
    const before = await partition(therapist.therapistId);

    const attempt = await therapistErases(stranger.therapistId, { email: person.email, confirm: true });
    expect(attempt.status).toBe(200);
    expect(attempt.json()).toEqual({ erased: zeros });
    expect(await partition(therapist.therapistId)).toEqual(before);
    expect((await therapistReadsEnquiry(therapist.therapistId, enquiryId)).status).toBe(200);
    // Nothing was found, so nothing is held either: the therapist's emails to them still go out.
    expect(await storedItem(keys.erasureHold(hashOf(person.email), stranger.therapistId))).toBeUndefined();
  });

  it("takes the person's client id out of break records, and keeps everyone else's", async () => {
    const therapist = await aTherapist();
    const person = aClient();
    const added = await call({
      method: 'POST',
      path: '/me/clients',
      as: therapist.therapistId,
      json: { name: person.name, email: person.email, status: 'active' },
    });
    expect(added.status).toBe(201);
    const { clientId } = added.json<{ clientId: string }>();
    // A break whose notice and welcome back went to this client and one other (as the fan-outs record them).
    const { db, config } = getRuntime();
    const breakKey = keys.therapistBreak(therapist.therapistId, 'b-1');
    await db.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...breakKey,
          entity: 'therapist-break',
          breakId: 'b-1',
          start: '2026-04-06',
          end: '2026-04-10',
          revision: 3,
          noticedClients: new Set([clientId, 'c-other']),
          invitedClients: new Set([clientId]),
        },
      }),
    );

    const erased = await therapistErases(therapist.therapistId, { email: person.email, confirm: true });
    expect(erased.json()).toEqual({ erased: { ...zeros, clients: 1, guards: 1 } });
    const after = await storedItem(breakKey);
    expect(after).toMatchObject({ revision: 4, noticedClients: new Set(['c-other']) });
    expect(after).not.toHaveProperty('invitedClients'); // an emptied set is removed
    expect(await partition(therapist.therapistId)).not.toContainEqual(expect.objectContaining({ clientId }));
    expect(mentions(await partition(therapist.therapistId), [clientId])).toBe(false);
  });

  it('logs counts and the therapist id only', async () => {
    const therapist = await aPractice();
    const { client: person, enquiryId } = await anAcceptedEnquiry(therapist);
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    resetRuntime();
    const logs = captureLogs();
    try {
      expect((await therapistErases(therapist.therapistId, { email: person.email, confirm: true })).status).toBe(200);
    } finally {
      logs.stop();
      process.env.POWERTOOLS_LOG_LEVEL = level;
      resetRuntime();
    }
    const line = logs.lines
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'person erased');
    expect(line).toMatchObject({
      therapistId: therapist.therapistId,
      enquiries: 1,
      invitations: 1,
      guards: 1,
      breakRecords: 0,
    });
    for (const secret of [person.email, person.name, hashOf(person.email), enquiryId])
      expect(logs.text()).not.toContain(secret);
  });
});

describe('what an erasure request must say', () => {
  it('is 400 with the field for a bad email, a missing or false confirm, or an unknown field', async () => {
    const therapist = await aTherapist();
    const cases: [unknown, string[]][] = [
      [{ email: 'not-an-address', confirm: true }, ['email']],
      [{ confirm: true }, ['email']],
      [{ email: 'alex@client.test' }, ['confirm']],
      [{ email: 'alex@client.test', confirm: false }, ['confirm']],
      [{ email: 'alex@client.test', confirm: 'yes' }, ['confirm']],
      [{ email: 'alex@client.test', confirm: true, force: true }, ['force']],
      [{ email: 42, confirm: true }, ['email']],
    ];
    for (const [body, paths] of cases) {
      const reply = await therapistErases(therapist.therapistId, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      const problem = reply.json<{ errors: { path: string; message: string }[] }>();
      expect(problem.errors.map((e) => e.path)).toEqual(paths);
      for (const e of problem.errors) expect(e.message).toMatch(/^(Please|Unknown)/);
    }
  });

  it('needs a signed-in therapist', async () => {
    const reply = await therapistErases(undefined, { email: 'alex@client.test', confirm: true });
    expect(reply.status).toBe(401);
  });
});
