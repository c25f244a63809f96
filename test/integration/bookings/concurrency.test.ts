/**
 * No double booking, by construction: many clients booking at once through different invitations.
 * The lock items decide; whoever loses hears a kind 409 with fresh times, never a 5xx.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clock, type ApiReply } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { getRuntime } from '#shared/runtime.js';
import { lockTake } from '#shared/store/locks.js';
import { writeTransaction } from '#shared/store/transaction.js';
import {
  aPractice,
  clientBooks,
  clientListsSlots,
  invitations,
  locks,
  practice,
  therapistActs,
  therapistListsBookings,
} from './steps.js';

useTestEnvironment();

beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

function tally(replies: ApiReply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

describe('simultaneous bookings', () => {
  it('20 clients booking one slot at once: exactly one 201, nineteen kind 409s with fresh slots, no 5xx', async () => {
    const therapist = await aPractice();
    const invited = await invitations(therapist, 20);
    const replies = await Promise.all(
      invited.map(({ token }) => clientBooks(token, '2026-03-04T10:00:00+00:00', 'Europe/London')),
    );

    expect(tally(replies)).toEqual({ 201: 1, 409: 19 });
    for (const lost of replies.filter((r) => r.status === 409)) {
      const body = lost.json<{ detail: string; slots: { start: string }[]; reason: string }>();
      expect(['slot-taken', 'slot-not-free']).toContain(body.reason);
      expect(body.detail).toMatch(/Someone else has just booked that time|That time is not free/);
      expect(body.slots.length).toBeGreaterThan(0);
      expect(body.slots.map((s) => s.start)).not.toContain('2026-03-04T10:00:00+00:00');
    }
    const winner = replies.find((r) => r.status === 201)!.json<{ bookingId: string }>().bookingId;
    expect(new Set((await locks(therapist.therapistId)).map((l) => l.bookingId))).toEqual(new Set([winner]));
    expect((await therapistListsBookings(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('overlapping slots of different lengths (30-minute consultations at 10:30, 50-minute sessions at 10:00): exactly one wins', async () => {
    const therapist = await aPractice(practice({ bufferAfterMinutes: 0 }));
    const consultations = await invitations(therapist, 10, 'consultation', 30);
    const sessions = await invitations(therapist, 10, 'session', 50);
    const replies = await Promise.all([
      ...consultations.map(({ token }) => clientBooks(token, '2026-03-04T10:30:00+00:00')),
      ...sessions.map(({ token }) => clientBooks(token, '2026-03-04T10:00:00+00:00')),
    ]);
    expect(tally(replies)).toEqual({ 201: 1, 409: 19 });
  });

  it('the locks are the guard, not the read: a booking the index has not shown yet still wins (409 with fresh slots)', async () => {
    // gsi2 is eventually consistent in AWS: a booking a moment old can be missing from the slot read.
    // Its lock items exist from the moment it does, so a second booking of an overlapping time fails.
    const therapist = await aPractice();
    const [invited] = await invitations(therapist, 1);
    const { db, config } = getRuntime();
    await writeTransaction(db, [
      lockTake(config.tableName, therapist.therapistId, Date.parse('2026-03-04T10:15:00Z'), 'unseen-booking'),
    ]);
    const slots = (await clientListsSlots(invited!.token, 'from=2026-03-04&to=2026-03-04')).json<{
      slots: { start: string }[];
    }>().slots;
    expect(slots.map((s) => s.start)).toContain('2026-03-04T10:00:00+00:00');

    const reply = await clientBooks(invited!.token, '2026-03-04T10:00:00+00:00');
    expect(reply.status).toBe(409);
    expect(reply.json()).toMatchObject({
      reason: 'slot-taken',
      detail: 'Someone else has just booked that time. Here are the times still free.',
    });
    expect(reply.json<{ slots: unknown[] }>().slots.length).toBeGreaterThan(0);
    // Nothing of the failed booking was written: the invitation is still open and books another time.
    expect(await locks(therapist.therapistId)).toEqual([
      { cell: '2026-03-04T10:15:00.000Z', bookingId: 'unseen-booking' },
    ]);
    expect((await clientBooks(invited!.token, '2026-03-04T11:00:00+00:00')).status).toBe(201);
  });

  it('two overlapping requests cannot both exist, so confirming can never double-book', async () => {
    const therapist = await aPractice(practice({ bufferAfterMinutes: 0 }));
    const [a, b] = await invitations(therapist, 2, 'consultation', 30);
    const [ra, rb] = await Promise.all([
      clientBooks(a!.token, '2026-03-04T10:00:00+00:00'),
      clientBooks(b!.token, '2026-03-04T10:15:00+00:00'),
    ]);
    const statuses = [ra!.status, rb!.status].sort();
    expect(statuses).toEqual([201, 409]);
    const won = (ra!.status === 201 ? ra! : rb!).json<{ bookingId: string }>().bookingId;
    expect((await therapistActs(therapist.therapistId, won, 'confirm')).status).toBe(200);
    const diary = (await therapistListsBookings(therapist.therapistId)).json<{ items: { status: string }[] }>().items;
    expect(diary.map((d) => d.status)).toEqual(['confirmed']);
  });

  it('a request and a confirm racing a decline: exactly one answer wins, the other is a 409', async () => {
    const therapist = await aPractice();
    const [a] = await invitations(therapist, 1);
    const { bookingId } = (await clientBooks(a!.token, '2026-03-04T10:00:00+00:00')).json<{ bookingId: string }>();
    const replies = await Promise.all([
      therapistActs(therapist.therapistId, bookingId, 'confirm'),
      therapistActs(therapist.therapistId, bookingId, 'decline'),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
