/**
 * Standing times over the API against DynamoDB Local: dates held as ordinary bookings with lock
 * cells, what cannot be held listed (never dropped), bad input refused with nothing written, and the
 * races: two standing times for one slot, and a standing time against a one-off booking.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clock, send, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient } from '#test/support/steps/given.js';
import {
  aPractice,
  clientBooks,
  clientMoves,
  invitations,
  locks,
  messages,
  practice,
  therapistListsBookings,
  timers,
  tokenOf,
} from '../bookings/steps.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import { theSweepRuns } from '#test/support/steps/when.js';

import { mentions, partition } from '../erasure/steps.js';

useTestEnvironment();

// A Monday; the clocks in London go forward on Sunday 29 March.
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

interface DateJson {
  date: string;
  start: string;
  end: string;
  status: 'held' | 'needs-choice';
  reason?: string;
  bookingId?: string;
}
interface StandingJson {
  standingTimeId: string;
  status: string;
  skipped: string[];
  dates: DateJson[];
}

const aClientOf = async (therapist: GivenTherapist, extra: Record<string, unknown> = {}): Promise<string> => {
  const c = aClient();
  const r = await send({
    method: 'POST',
    path: '/me/clients',
    as: therapist.therapistId,
    json: { name: c.name, email: c.email, status: 'active', ...extra },
  });
  expect(r.status).toBe(201);
  return r.json<{ clientId: string }>().clientId;
};

const sets = (therapistId: string, clientId: string, json: unknown): Promise<ApiReply> =>
  send({ method: 'POST', path: `/me/clients/${clientId}/standing-times`, as: therapistId, json });
const lists = (therapistId: string, clientId: string): Promise<ApiReply> =>
  send({ method: 'GET', path: `/me/clients/${clientId}/standing-times`, as: therapistId });
const tuesdays = { weekday: 'tue', time: '10:00', every: 'week', from: '2026-03-03' };

async function diary(
  therapistId: string,
): Promise<{ bookingId: string; status: string; start: string; standingTimeId?: string }[]> {
  return (await therapistListsBookings(therapistId, 'from=2026-03-01&to=2026-06-30')).json<{
    items: { bookingId: string; status: string; start: string; standingTimeId?: string }[];
  }>().items;
}

const fieldOf = (r: ApiReply): string | undefined => r.json<{ errors?: { path: string }[] }>().errors?.[0]?.path;

describe('setting a standing time', () => {
  it('holds every Tuesday at 10:00 London up to the horizon as confirmed bookings, across the clock change', async () => {
    const therapist = await aPractice();
    const clientId = await aClientOf(therapist);
    const r = await sets(therapist.therapistId, clientId, tuesdays);
    expect(r.status).toBe(201);
    const body = r.json<StandingJson>();
    expect(body.status).toBe('active');
    expect(body.dates.map((d) => [d.date, d.start, d.status])).toEqual([
      ['2026-03-03', '2026-03-03T10:00:00+00:00', 'held'],
      ['2026-03-10', '2026-03-10T10:00:00+00:00', 'held'],
      ['2026-03-17', '2026-03-17T10:00:00+00:00', 'held'],
      ['2026-03-24', '2026-03-24T10:00:00+00:00', 'held'],
      ['2026-03-31', '2026-03-31T10:00:00+01:00', 'held'],
      ['2026-04-07', '2026-04-07T10:00:00+01:00', 'held'],
    ]);
    const booked = await diary(therapist.therapistId);
    expect(booked).toHaveLength(6);
    expect(booked.every((b) => b.status === 'confirmed' && b.standingTimeId === body.standingTimeId)).toBe(true);
    expect(booked.map((b) => b.bookingId).sort()).toEqual(body.dates.map((d) => d.bookingId).sort());
    // 50 minutes with a 10-minute buffer after: four cells per date, each held by its date.
    const cells = await locks(therapist.therapistId);
    expect(cells).toHaveLength(24);
    expect(new Set(cells.map((c) => c.bookingId))).toEqual(new Set(body.dates.map((d) => d.bookingId)));
    // Reminders as for any confirmed booking.
    expect((await timers(therapist.therapistId, 'booking-reminder')).length).toBe(6);

    const listed = (await lists(therapist.therapistId, clientId)).json<{ items: StandingJson[] }>().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]!.dates.map((d) => d.status)).toEqual(Array(6).fill('held'));

    // One confirmation to the client, naming the pattern and the dates held; no email per date.
    const sent = (await messages('standing-time-set')).filter((m) => m.therapistId === therapist.therapistId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({
      weekday: 'tue',
      time: '10:00',
      every: 'week',
      firstDate: '2026-03-03',
      timeZone: 'Europe/London',
    });
    expect((sent[0]!.data as { dates: string[] }).dates).toEqual(
      booked.map((b) => new Date(b.start).toISOString()).sort(),
    );
    expect((await messages('booking-confirmed')).filter((m) => m.therapistId === therapist.therapistId)).toHaveLength(
      0,
    );
  });

  it('a series longer than one transaction is written holding, then active, with every date held', async () => {
    const therapist = await aPractice(practice({ horizonDays: 365 }));
    const clientId = await aClientOf(therapist);
    const r = await sets(therapist.therapistId, clientId, { ...tuesdays, every: 'week' });
    expect(r.status).toBe(201);
    const body = r.json<StandingJson>();
    expect(body.dates.length).toBe(52);
    expect(body.dates.every((d) => d.status === 'held')).toBe(true);
    expect((await lists(therapist.therapistId, clientId)).json<{ items: StandingJson[] }>().items[0]!.status).toBe(
      'active',
    );
    expect((await locks(therapist.therapistId)).length).toBe(52 * 4);
  });

  it('dates that cannot be held are listed with the reason, never dropped: a break, a closed day, a booking already there', async () => {
    const therapist = await aPractice();
    const id = therapist.therapistId;
    expect(
      (
        await send({
          method: 'POST',
          path: '/me/availability/overrides',
          as: id,
          json: { date: '2026-03-10', intervals: [] },
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (await send({ method: 'POST', path: '/me/breaks', as: id, json: { start: '2026-03-30', end: '2026-04-03' } }))
        .status,
    ).toBe(201);
    const [invited] = await invitations(therapist, 1, 'session', 50);
    const oneOff = await clientBooks(invited!.token, '2026-03-17T10:00:00+00:00');
    expect(oneOff.status).toBe(201);

    const clientId = await aClientOf(therapist);
    const r = await sets(id, clientId, tuesdays);
    expect(r.status).toBe(201);
    const dates = r.json<StandingJson>().dates;
    expect(dates.map((d) => [d.date, d.status, d.reason ?? ''])).toEqual([
      ['2026-03-03', 'held', ''],
      ['2026-03-10', 'needs-choice', 'closed'],
      ['2026-03-17', 'needs-choice', 'booked'],
      ['2026-03-24', 'held', ''],
      ['2026-03-31', 'needs-choice', 'closed'],
      ['2026-04-07', 'held', ''],
    ]);
    // The one-off keeps its time: its cells are its own.
    const oneOffId = oneOff.json<{ bookingId: string }>().bookingId;
    expect(
      (await locks(id)).filter((c) => c.cell.startsWith('2026-03-17')).every((c) => c.bookingId === oneOffId),
    ).toBe(true);
  });
});

describe('bad input: a clear 400 naming the field, and nothing written', () => {
  it.each([
    ['time', { ...tuesdays, time: '08:00' }],
    ['time', { ...tuesdays, weekday: 'sat' }],
    ['lengthMinutes', { ...tuesdays, lengthMinutes: 45 }],
    ['from', { ...tuesdays, from: '2026-02-24' }],
    ['until', { ...tuesdays, until: '2026-03-01' }],
    ['count', { ...tuesdays, until: '2026-04-01', count: 3 }],
    ['weekday', { ...tuesdays, weekday: 'tuesday' }],
    ['time', { ...tuesdays, time: '25:00' }],
  ])('%s: %j', async (field, json) => {
    const therapist = await aPractice();
    const clientId = await aClientOf(therapist);
    const r = await sets(therapist.therapistId, clientId, json);
    expect(r.status).toBe(400);
    expect(fieldOf(r)).toBe(field);
    expect((await lists(therapist.therapistId, clientId)).json<{ items: unknown[] }>().items).toEqual([]);
    expect(await diary(therapist.therapistId)).toEqual([]);
    expect(await locks(therapist.therapistId)).toEqual([]);
  });

  it('a client on a break, and a series meeting another of the same client', async () => {
    const therapist = await aPractice();
    const paused = await aClientOf(therapist, { status: 'paused' });
    expect(fieldOf(await sets(therapist.therapistId, paused, tuesdays))).toBe('clientId');
    const clientId = await aClientOf(therapist);
    expect((await sets(therapist.therapistId, clientId, tuesdays)).status).toBe(201);
    const again = await sets(therapist.therapistId, clientId, {
      ...tuesdays,
      time: '10:30',
      every: 'fortnight',
      from: '2026-03-10',
    });
    expect(again.status).toBe(400);
    expect(fieldOf(again)).toBe('time');
    expect(await diary(therapist.therapistId)).toHaveLength(6);
    // Twice weekly is fine.
    expect((await sets(therapist.therapistId, clientId, { ...tuesdays, weekday: 'thu' })).status).toBe(201);
  });

  it('another therapist’s client is not found', async () => {
    const therapist = await aPractice();
    const other = await aPractice();
    const clientId = await aClientOf(therapist);
    expect((await sets(other.therapistId, clientId, tuesdays)).status).toBe(404);
  });
});

describe('races', () => {
  it('two standing times set at once for the same slot: one holder, no duplicate dates, no 5xx', async () => {
    const therapist = await aPractice();
    const [a, b] = [await aClientOf(therapist), await aClientOf(therapist)];
    const replies = await Promise.all([
      sets(therapist.therapistId, a, tuesdays),
      sets(therapist.therapistId, b, tuesdays),
    ]);
    expect(replies.map((r) => r.status)).toEqual([201, 201]);
    const [ra, rb] = replies.map((r) => r.json<StandingJson>());
    for (let i = 0; i < 6; i++) {
      const statuses = [ra!.dates[i]!.status, rb!.dates[i]!.status].sort();
      expect(statuses).toEqual(['held', 'needs-choice']);
    }
    const booked = await diary(therapist.therapistId);
    expect(booked).toHaveLength(6);
    expect(new Set(booked.map((x) => x.start)).size).toBe(6);
    const cells = await locks(therapist.therapistId);
    expect(cells).toHaveLength(24);
    expect(new Set(cells.map((c) => c.bookingId))).toEqual(new Set(booked.map((x) => x.bookingId)));
    // Each client hears once, of the dates they hold; one holding none hears nothing yet.
    const sent = (await messages('standing-time-set')).filter((m) => m.therapistId === therapist.therapistId);
    const heldCounts = [ra!, rb!].map((r) => r.dates.filter((d) => d.status === 'held').length).filter((n) => n > 0);
    expect(sent.map((m) => (m.data as { dates: string[] }).dates.length).sort()).toEqual(heldCounts.sort());
  });

  it('the same client set twice at once for one slot: one series, the other refused as an overlap (five rounds)', async () => {
    // The client's ledger decides, not the reads: each round races two writers from scratch.
    for (let round = 0; round < 5; round++) {
      const therapist = await aPractice();
      const clientId = await aClientOf(therapist);
      const replies = await Promise.all([
        sets(therapist.therapistId, clientId, tuesdays),
        sets(therapist.therapistId, clientId, tuesdays),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 400]);
      expect((await lists(therapist.therapistId, clientId)).json<{ items: unknown[] }>().items).toHaveLength(1);
      expect(await diary(therapist.therapistId)).toHaveLength(6);
    }
  });

  it('a standing time against a one-off booking made at the same moment: that date needs a choice, never double-booked', async () => {
    const therapist = await aPractice();
    const clientId = await aClientOf(therapist);
    const [invited] = await invitations(therapist, 1, 'session', 50);
    const [series, oneOff] = await Promise.all([
      sets(therapist.therapistId, clientId, tuesdays),
      clientBooks(invited!.token, '2026-03-17T10:00:00+00:00'),
    ]);
    expect([201, 409]).toContain(oneOff.status);
    expect(series.status).toBe(201);
    const on17 = series.json<StandingJson>().dates.find((d) => d.date === '2026-03-17')!;
    expect(on17.status === 'held').toBe(oneOff.status === 409);
    const booked = (await diary(therapist.therapistId)).filter((b) => b.start.startsWith('2026-03-17'));
    expect(booked).toHaveLength(1);
  });
});

describe('skipping a date and ending the series', () => {
  it('skip releases the held date; end releases every coming date and frees their cells', async () => {
    const therapist = await aPractice();
    const id = therapist.therapistId;
    const clientId = await aClientOf(therapist);
    const { standingTimeId } = (await sets(id, clientId, tuesdays)).json<StandingJson>();

    const skipped = await send({
      method: 'POST',
      path: `/me/standing-times/${standingTimeId}/skip`,
      as: id,
      json: { date: '2026-03-17' },
    });
    expect(skipped.status).toBe(200);
    expect(skipped.json<StandingJson>().skipped).toEqual(['2026-03-17']);
    expect(skipped.json<StandingJson>().dates.map((d) => d.date)).not.toContain('2026-03-17');
    expect((await diary(id)).filter((b) => b.status === 'confirmed')).toHaveLength(5);
    expect(await locks(id)).toHaveLength(20);
    expect(
      fieldOf(
        await send({
          method: 'POST',
          path: `/me/standing-times/${standingTimeId}/skip`,
          as: id,
          json: { date: '2026-03-18' },
        }),
      ),
    ).toBe('date');
    // Skipping again changes nothing.
    expect(
      (
        await send({
          method: 'POST',
          path: `/me/standing-times/${standingTimeId}/skip`,
          as: id,
          json: { date: '2026-03-17' },
        })
      ).status,
    ).toBe(200);

    clock.set('2026-03-03T12:00:00Z'); // the first session has happened
    const ended = await send({ method: 'DELETE', path: `/me/standing-times/${standingTimeId}`, as: id });
    expect(ended.status).toBe(200);
    expect(ended.json()).toMatchObject({
      status: 'ended',
      released: ['2026-03-10', '2026-03-24', '2026-03-31', '2026-04-07'],
    });
    const left = (await diary(id)).filter((b) => b.status === 'confirmed');
    expect(left.map((b) => b.start)).toEqual(['2026-03-03T10:00:00+00:00']);
    expect((await locks(id)).every((c) => c.cell.startsWith('2026-03-03'))).toBe(true);
    expect((await timers(id, 'booking-reminder')).filter((t) => t.status === 'pending')).toHaveLength(1); // the first session's, past and never fired here
    // The time is free again for anyone.
    const [invited] = await invitations(therapist, 1, 'session', 50);
    expect((await clientBooks(invited!.token, '2026-03-24T10:00:00+00:00')).status).toBe(201);
    // Ending again is harmless; another therapist cannot reach it.
    expect((await send({ method: 'DELETE', path: `/me/standing-times/${standingTimeId}`, as: id })).status).toBe(200);
    expect(
      (
        await send({
          method: 'DELETE',
          path: `/me/standing-times/${standingTimeId}`,
          as: (await aPractice()).therapistId,
        })
      ).status,
    ).toBe(404);
  });
});

describe('the sweep holds each next date as it comes inside the horizon', () => {
  const pendingExtends = async (therapistId: string) =>
    (await timers(therapistId, 'standing-extend')).filter((t) => t.status === 'pending');

  it('two overlapping sweeps extend the series once: the next Tuesday held, no duplicate dates, one next timer', async () => {
    const therapist = await aPractice();
    const id = therapist.therapistId;
    const clientId = await aClientOf(therapist);
    const { standingTimeId } = (await sets(id, clientId, tuesdays)).json<StandingJson>();
    const [armed] = await pendingExtends(id);
    // 14 April 10:00 London (09:00Z) comes inside the 42-day horizon just after 3 March 09:00Z.
    expect(armed!.dueAt).toBe('2026-03-03T09:00:00.001Z');

    clock.set('2026-03-03T09:05:00Z');
    await Promise.all([theSweepRuns(), theSweepRuns()]);
    await theSweepRuns(); // a conflict between the two leaves the timer pending: the next run finishes it

    const booked = (await diary(id)).filter((b) => b.standingTimeId === standingTimeId);
    expect(booked.map((b) => b.start)).toEqual([
      '2026-03-03T10:00:00+00:00',
      '2026-03-10T10:00:00+00:00',
      '2026-03-17T10:00:00+00:00',
      '2026-03-24T10:00:00+00:00',
      '2026-03-31T10:00:00+01:00',
      '2026-04-07T10:00:00+01:00',
      '2026-04-14T10:00:00+01:00',
    ]);
    expect(await locks(id)).toHaveLength(28);
    const next = await pendingExtends(id);
    expect(next.map((t) => t.dueAt)).toEqual(['2026-03-10T09:00:00.001Z']);
    const listed = (await lists(id, clientId)).json<{ items: StandingJson[] }>().items[0]!;
    expect(listed.dates.at(-1)).toMatchObject({ date: '2026-04-14', status: 'held' });

    // A date taken by a one-off booking before the sweep reaches it is listed as needing a choice.
    const [invited] = await invitations(therapist, 1, 'session', 50);
    // Inside a client's horizon a moment after the timer came due, before the sweep has run.
    clock.set('2026-03-10T09:00:00.500Z');
    expect((await clientBooks(invited!.token, '2026-04-21T10:00:00+01:00')).status).toBe(201);
    clock.set('2026-03-10T09:05:00Z');
    await theSweepRuns();
    const after = (await lists(id, clientId)).json<{ items: StandingJson[] }>().items[0]!;
    expect(after.dates.at(-1)).toMatchObject({ date: '2026-04-21', status: 'needs-choice' });
    expect((await diary(id)).filter((b) => b.start.startsWith('2026-04-21'))).toHaveLength(1);
    expect(await pendingExtends(id)).toHaveLength(1);

    // Ending the series removes its timer: nothing is held after it.
    expect((await send({ method: 'DELETE', path: `/me/standing-times/${standingTimeId}`, as: id })).status).toBe(200);
    expect(await pendingExtends(id)).toHaveLength(0);
  });
});

describe('one date of a standing time is an ordinary booking for the client too', () => {
  it('the reminder’s manage link moves that one date to another free time, and the series keeps the rest', async () => {
    const therapist = await aPractice(practice({ reminderOffsetsMinutes: [48 * 60] }));
    const id = therapist.therapistId;
    const clientId = await aClientOf(therapist);
    const { standingTimeId } = (await sets(id, clientId, tuesdays)).json<StandingJson>();

    clock.set('2026-03-08T10:05:00Z');
    await theSweepRuns();
    const reminder = (await messages('booking-reminder')).find(
      (m) =>
        m.therapistId === id &&
        (m.data as { appointment: { start: string } }).appointment.start.startsWith('2026-03-10'),
    );
    const token = tokenOf((reminder!.data as { manageUrl: string }).manageUrl);
    const moved = await clientMoves(token, '2026-03-10T14:00:00+00:00');
    expect(moved.status).toBe(200);

    const booked = (await diary(id)).filter((b) => b.standingTimeId === standingTimeId && b.status === 'confirmed');
    expect(booked.map((b) => b.start)).toContain('2026-03-10T14:00:00+00:00');
    expect(booked.map((b) => b.start)).not.toContain('2026-03-10T10:00:00+00:00');
    // Six from the start and 14 April, held by the same sweep as it came inside the horizon.
    expect(booked).toHaveLength(7);
  });

  it('erasing the client, once the series has ended, leaves nothing of their standing time in the table', async () => {
    const therapist = await aPractice();
    const id = therapist.therapistId;
    const c = aClient();
    const added = await send({
      method: 'POST',
      path: '/me/clients',
      as: id,
      json: { name: c.name, email: c.email, status: 'active' },
    });
    const clientId = added.json<{ clientId: string }>().clientId;
    const { standingTimeId } = (await sets(id, clientId, tuesdays)).json<StandingJson>();
    // While dates are held ahead, erasure asks for them to be released first, as for any booking.
    expect(
      (await send({ method: 'POST', path: '/me/erasures', as: id, json: { email: c.email, confirm: true } })).status,
    ).toBe(409);
    expect(
      (await send({ method: 'DELETE', path: `/me/standing-times/${standingTimeId}`, as: id })).status,
    ).toBeLessThan(300);
    expect(
      (await send({ method: 'POST', path: '/me/erasures', as: id, json: { email: c.email, confirm: true } })).status,
    ).toBe(200);
    const left = (await partition(id)).filter(
      (i) => String(i.sk).startsWith('STANDING') || mentions(i, [standingTimeId, clientId, c.email]),
    );
    expect(left).toEqual([]);
  });
});
