/**
 * A client's pause with real bookings (made through the booking API): bookings inside the break come
 * back flagged and their reminders stop, in the same transaction as the pause; bookings after the
 * expected return keep theirs; nothing is cancelled until the therapist does it with the existing
 * cancel. The client list shows the last and next booking; resuming re-arms the reminders.
 * Handler mode: the clock moves.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clock, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import {
  aPractice,
  anAcceptedEnquiry,
  clientBooks,
  therapistActs,
  therapistInvitesClient,
  therapistRecordsOutcome,
  timers,
  tokenOf,
} from '../bookings/steps.js';
import { queued, therapistListsClients, therapistPausesClient, therapistResumesClient } from './steps.js';

useTestEnvironment();

// Monday 2 March 2026, 09:00 in London (GMT until 29 March).
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

interface Flagged {
  bookingId: string;
  start: string;
  status: string;
  insideBreak: boolean;
  remindersStopped: number;
  cancel: { method: string; path: string };
}

/** Reminders still to be sent (the consultation's, whose time has passed, is not one of them). */
const pendingReminders = async (therapistId: string) =>
  (await timers(therapistId, 'booking-reminder')).filter(
    (t) => t.status === 'pending' && Date.parse(t.dueAt) > clock.now().getTime(),
  );

async function aSession(therapistId: string, clientId: string, start: string): Promise<string> {
  const invited = await therapistInvitesClient(therapistId, clientId);
  expect(invited.status).toBe(201);
  const booked = await clientBooks(tokenOf(invited.json<{ bookingUrl: string }>().bookingUrl), start);
  expect(booked.status).toBe(201);
  const { bookingId } = booked.json<{ bookingId: string }>();
  expect((await therapistActs(therapistId, bookingId, 'confirm')).status).toBe(200);
  return bookingId;
}

describe.runIf(handlerMode)('pausing a client with bookings', () => {
  it('flags the bookings inside the break, stops their reminders, keeps later ones, cancels nothing', async () => {
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    const consultation = (await clientBooks(token, '2026-03-04T10:00:00+00:00')).json<{ bookingId: string }>()
      .bookingId;
    expect((await therapistActs(therapist.therapistId, consultation, 'confirm')).status).toBe(200);
    clock.set('2026-03-04T11:00:00Z');
    const { clientId } = (await therapistRecordsOutcome(therapist.therapistId, consultation, 'continue')).json<{
      clientId: string;
    }>();

    const during = await aSession(therapist.therapistId, clientId, '2026-03-09T10:00:00+00:00');
    const after = await aSession(therapist.therapistId, clientId, '2026-03-23T10:00:00+00:00');
    expect((await pendingReminders(therapist.therapistId)).map((t) => t.subjectId).sort()).toEqual(
      [during, after].sort(),
    );

    // Before the pause the list shows the consultation as the last booking and Monday's session as the next.
    const listed = await therapistListsClients(therapist.therapistId, 'status=active');
    expect(listed.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        clientId,
        lastBooking: expect.objectContaining({ bookingId: consultation, kind: 'consultation' }),
        nextBooking: expect.objectContaining({ bookingId: during, kind: 'session' }),
      }),
    ]);

    clock.set('2026-03-05T12:00:00Z');
    const paused = await therapistPausesClient(therapist.therapistId, clientId, {
      expectedReturn: '2026-03-16',
      note: 'Family matters',
    });
    expect(paused.status).toBe(200);
    const { client, bookingsInside } = paused.json<{ client: Record<string, unknown>; bookingsInside: Flagged[] }>();
    expect(client).toMatchObject({
      status: 'paused',
      expectedReturn: '2026-03-16',
      lastSessionAt: '2026-03-04T10:00:00.000Z',
    });
    expect(bookingsInside).toEqual([
      {
        bookingId: during,
        kind: 'session',
        status: 'confirmed',
        start: '2026-03-09T10:00:00.000Z',
        end: '2026-03-09T10:50:00.000Z',
        insideBreak: true,
        remindersStopped: 1,
        cancel: { method: 'POST', path: `/me/bookings/${during}/cancel` },
      },
    ]);

    // The reminder inside the break is gone; the one after it stays; both bookings are still confirmed.
    expect((await pendingReminders(therapist.therapistId)).map((t) => t.subjectId)).toEqual([after]);
    await theSweepRuns(new Date('2026-03-08T10:05:00Z'));
    expect(await queued('booking-reminder')).toEqual([]);
    const stillThere = await therapistListsClients(therapist.therapistId, 'status=paused');
    expect(
      stillThere.json<{ items: { nextBooking?: { bookingId: string; status: string } }[] }>().items[0]!.nextBooking,
    ).toMatchObject({ bookingId: during, status: 'confirmed' });

    // The therapist cancels the flagged one with the existing cancel and a kind note.
    const cancelled = await therapistActs(therapist.therapistId, during, 'cancel', 'See you when you are back.');
    expect(cancelled.status).toBe(200);
    expect(
      (await therapistListsClients(therapist.therapistId)).json<{ items: { nextBooking?: { bookingId: string } }[] }>()
        .items[0]!.nextBooking?.bookingId,
    ).toBe(after);

    // Back early: the client is active again and the later session's reminder is in place.
    clock.set('2026-03-12T09:00:00Z');
    const resumed = await therapistResumesClient(therapist.therapistId, clientId);
    expect(resumed.status).toBe(200);
    expect(resumed.json()).toMatchObject({ status: 'active', resumedAt: '2026-03-12T09:00:00.000Z' });
    expect((await pendingReminders(therapist.therapistId)).map((t) => [t.subjectId, t.dueAt])).toEqual([
      [after, '2026-03-22T10:00:00.000Z'],
    ]);
  });

  it('an open-ended pause takes in every booking ahead', async () => {
    const therapist = await aPractice();
    const { token } = await anAcceptedEnquiry(therapist);
    const consultation = (await clientBooks(token, '2026-03-04T10:00:00+00:00')).json<{ bookingId: string }>()
      .bookingId;
    await therapistActs(therapist.therapistId, consultation, 'confirm');
    clock.set('2026-03-04T11:00:00Z');
    const { clientId } = (await therapistRecordsOutcome(therapist.therapistId, consultation, 'continue')).json<{
      clientId: string;
    }>();
    const first = await aSession(therapist.therapistId, clientId, '2026-03-09T10:00:00+00:00');
    const second = await aSession(therapist.therapistId, clientId, '2026-04-06T10:00:00+01:00');

    const paused = await therapistPausesClient(therapist.therapistId, clientId);
    expect(paused.json<{ bookingsInside: Flagged[] }>().bookingsInside.map((b) => b.bookingId)).toEqual([
      first,
      second,
    ]);
    expect(await pendingReminders(therapist.therapistId)).toEqual([]);
  });
});
