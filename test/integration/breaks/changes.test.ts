/**
 * Breaks that change: made late (notice at once), deleted before the notice (timers gone, nobody
 * told anything), deleted after it (a short correction, once, to those who had it), overlapping
 * (refused with a 409 naming the other break — also when both arrive at once), bad input (400 with
 * field paths), and another therapist's break (404).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clock, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { storedItem } from '#test/support/steps/then.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getRuntime } from '#shared/runtime.js';
import { keys } from '#shared/store/keys.js';
import { breakTimerPut } from '#shared/use-cases/breaks/break-timers.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { clientListsSlots, messages, onlyMessage, timers } from '../bookings/steps.js';
import {
  aBreakPractice,
  aClientOf,
  sessionTokenFor,
  slotStarts,
  therapistDeletesBreak,
  therapistListsBreaks,
  therapistPlansBreak,
} from './steps.js';

useTestEnvironment();

beforeEach(() => clock.set('2026-07-01T09:00:00Z'));

const planned = async (therapistId: string, body: unknown): Promise<string> => {
  const reply = await therapistPlansBreak(therapistId, body);
  expect(reply.status, reply.text).toBe(201);
  return reply.json<{ breakId: string }>().breakId;
};

describe.runIf(handlerMode)('changing breaks', () => {
  it('a break made inside the notice period gets its notice on the next sweep', async () => {
    const therapist = await aBreakPractice();
    const client = await aClientOf(therapist);
    const reply = await therapistPlansBreak(therapist.therapistId, { start: '2026-07-06', end: '2026-07-08' });
    expect(reply.json()).toMatchObject({
      notice: { dueAt: '2026-07-01T10:00:00+01:00' },
      welcomeBack: { dueAt: '2026-07-06T09:00:00+01:00' },
    });
    await theSweepRuns();
    expect((await onlyMessage('break-notice', client.email)).data).toMatchObject({
      when: 'from Monday 6 July to Wednesday 8 July',
      firstDayBack: 'Thursday 9 July',
    });
    expect((await onlyMessage('break-notice', client.email)).data).not.toHaveProperty('therapistMessage');
  });

  it('deleting a break before its notice reopens the dates, removes its timers and tells nobody anything', async () => {
    const therapist = await aBreakPractice();
    const client = await aClientOf(therapist);
    const breakId = await planned(therapist.therapistId, { start: '2026-08-03', end: '2026-08-14' });
    const token = await sessionTokenFor(therapist, client);
    expect(slotStarts(await clientListsSlots(token, 'from=2026-08-04&to=2026-08-04'))).toEqual([]);

    const deleted = await therapistDeletesBreak(therapist.therapistId, breakId);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json()).toEqual({ breakId, corrections: 0 });
    expect(await timers(therapist.therapistId)).toEqual([]);
    expect(slotStarts(await clientListsSlots(token, 'from=2026-08-04&to=2026-08-04'))).toContain(
      '2026-08-04T09:00:00+01:00',
    );
    expect((await therapistListsBreaks(therapist.therapistId)).json()).toMatchObject({ items: [] });
    expect((await therapistDeletesBreak(therapist.therapistId, breakId)).status).toBe(404);

    clock.set('2026-08-20T09:00:00Z');
    await theSweepRuns();
    expect(await messages('break-notice', client.email)).toHaveLength(0);
    expect(await messages('break-notice-correction', client.email)).toHaveLength(0);
  });

  it('deleting a break after its notice sends a short correction, once, to those who had the notice', async () => {
    const therapist = await aBreakPractice();
    const told = await aClientOf(therapist);
    const breakId = await planned(therapist.therapistId, { start: '2026-08-03', end: '2026-08-14' });
    clock.set('2026-07-20T08:00:00Z');
    await theSweepRuns();
    await onlyMessage('break-notice', told.email);
    const later = await aClientOf(therapist); // became a client after the notice: was never told

    clock.set('2026-07-22T12:00:00Z');
    const deleted = await therapistDeletesBreak(therapist.therapistId, breakId);
    expect(deleted.json()).toEqual({ breakId, corrections: 1 });
    expect((await timers(therapist.therapistId)).map((t) => [t.kind, t.status]).sort()).toEqual([
      ['break-correction', 'pending'],
    ]);
    await Promise.all([theSweepRuns(), theSweepRuns()]);
    await theSweepRuns();
    expect((await onlyMessage('break-notice-correction', told.email)).data).toEqual({
      clientName: told.name,
      therapistName: therapist.displayName,
      start: '2026-08-03',
      end: '2026-08-14',
      when: 'from Monday 3 August to Friday 14 August',
    });
    expect(await messages('break-notice-correction', later.email)).toHaveLength(0);
    // The welcome back went with the break.
    clock.set('2026-08-08T08:00:00Z');
    await theSweepRuns();
    expect(await messages('welcome-back', told.email)).toHaveLength(0);
  });

  it('notifies many clients in batches, once each, even when the timer fires again after losing its record', async () => {
    const therapist = await aBreakPractice();
    const clients = [];
    for (let i = 0; i < 60; i++) clients.push(await aClientOf(therapist));
    const breakId = await planned(therapist.therapistId, { start: '2026-07-06', end: '2026-07-10' });
    const theirs = async () => (await messages('break-notice')).filter((m) => m.therapistId === therapist.therapistId);
    await Promise.all([theSweepRuns(), theSweepRuns()]);
    expect(await theirs()).toHaveLength(60);
    expect((await therapistListsBreaks(therapist.therapistId)).json()).toMatchObject({
      items: [{ notice: { clients: 60 } }],
    });

    // The worst redelivery: the timer pending again and the break's record of who was told lost.
    // The deterministic outbox ids alone still keep it to one each.
    const { db, config } = getRuntime();
    await db.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.therapistBreak(therapist.therapistId, breakId),
        UpdateExpression: 'REMOVE noticedClients',
      }),
    );
    await writeTransaction(db, [
      breakTimerPut(
        getRuntime().store,
        config.settings.timerShards,
        'break-notice',
        therapist.therapistId,
        breakId,
        clock.now(),
      ),
    ]);
    await theSweepRuns();
    const notices = await theirs();
    expect(notices).toHaveLength(60);
    expect(new Set(notices.map((m) => m.to.email))).toEqual(new Set(clients.map((c) => c.email)));
  });

  it('refuses an overlapping break with a 409 naming the break it overlaps', async () => {
    const therapist = await aBreakPractice();
    const first = await planned(therapist.therapistId, { start: '2026-08-03', end: '2026-08-14' });
    const reply = await therapistPlansBreak(therapist.therapistId, { start: '2026-08-14', end: '2026-08-21' });
    expect(reply.status).toBe(409);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.json()).toMatchObject({
      detail: expect.stringContaining('overlap your break from Monday 3 August to Friday 14 August'),
      conflictingBreak: { breakId: first, start: '2026-08-03', end: '2026-08-14' },
    });
    // The day after is fine.
    await planned(therapist.therapistId, { start: '2026-08-15', end: '2026-08-21' });
  });

  it('of six overlapping breaks sent at once, exactly one is made', async () => {
    const therapist = await aBreakPractice();
    // Six breaks that all share 10 September (a race once let two through: see create-break.ts).
    const bodies = [1, 2, 4, 6, 8, 10].map((d) => ({
      start: `2026-09-${String(d).padStart(2, '0')}`,
      end: `2026-09-${String(d + 9).padStart(2, '0')}`,
    }));
    const replies = await Promise.all(bodies.map((body) => therapistPlansBreak(therapist.therapistId, body)));
    expect(replies.map((r) => r.status).sort(), replies.map((r) => r.text).join('\n')).toEqual([
      201, 409, 409, 409, 409, 409,
    ]);
    expect((await therapistListsBreaks(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('answers bad input with a 400 naming the field, never a 5xx', async () => {
    const therapist = await aBreakPractice();
    const cases: [unknown, string][] = [
      [{ start: '2026-06-30', end: '2026-07-02' }, 'start'],
      [{ start: '2026-07-10', end: '2026-07-09' }, 'end'],
      [{ start: '2026-07-10', end: '2027-03-01' }, 'end'],
      [{ start: '2026-02-30', end: '2026-03-01' }, 'start'],
      [{ start: '2026-08-03', end: '2026-08-04', message: 'x'.repeat(501) }, 'message'],
      [{ start: '2026-08-03', end: '2026-08-04', notify: false }, 'notify'],
      [{ end: '2026-08-04' }, 'start'],
    ];
    for (const [body, path] of cases) {
      const reply = await therapistPlansBreak(therapist.therapistId, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
    }
  });

  it("one therapist can neither see nor delete another's break", async () => {
    const [a, b] = [await aBreakPractice(), await aBreakPractice()];
    const breakId = await planned(a.therapistId, { start: '2026-08-03', end: '2026-08-14' });
    expect((await therapistDeletesBreak(b.therapistId, breakId)).status).toBe(404);
    expect((await therapistListsBreaks(b.therapistId)).json()).toMatchObject({ items: [] });
    expect(await storedItem(keys.therapistBreak(a.therapistId, breakId))).toBeDefined();
  });
});
