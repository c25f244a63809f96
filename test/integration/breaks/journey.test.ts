/**
 * Journey 3, a therapist's break, in handler mode by moving the clock: a summer break with active
 * clients and bookings before, during and after it — dates closed at once, the booking inside
 * flagged (never cancelled for the therapist), the notice once on its day (not before; two sweeps
 * at once still once), the welcome back on its day to those who have not rebooked, the early window,
 * and one reminder per client.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientRecord } from '#shared/store/clients.js';
import { clock, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import {
  anAcceptedEnquiry,
  clientBooks,
  clientListsSlots,
  messages,
  onlyMessage,
  timers,
  tokenOf,
} from '../bookings/steps.js';
import {
  aBreakPractice,
  aClientOf,
  clientHasSessionAt,
  sessionTokenFor,
  slotStarts,
  therapistListsBreaks,
  therapistPlansBreak,
  therapistReminds,
} from './steps.js';

useTestEnvironment();

// Wednesday 1 July 2026, 10:00 in London (BST). The break: Monday 3 to Friday 14 August.
const summer = {
  start: '2026-08-03',
  end: '2026-08-14',
  message: 'I am taking my summer holiday and will be back on Monday 17 August.',
};

describe.runIf(handlerMode)('a therapist break', () => {
  let therapist: GivenTherapist;
  let before: ClientRecord; // has a session the week before the break
  let inside: ClientRecord; // has a session inside the break
  let after: ClientRecord; // has already booked after the break
  let paused: ClientRecord; // on a break of their own: hears nothing
  let insideBookingId: string;
  let breakId: string;

  beforeAll(async () => {
    clock.set('2026-07-01T09:00:00Z');
    therapist = await aBreakPractice();
    [before, inside, after, paused] = [
      await aClientOf(therapist),
      await aClientOf(therapist),
      await aClientOf(therapist),
      await aClientOf(therapist, 'paused'),
    ];
    await clientHasSessionAt(therapist, before, '2026-07-27T10:00:00+01:00');
    insideBookingId = await clientHasSessionAt(therapist, inside, '2026-08-05T11:00:00+01:00');
    await clientHasSessionAt(therapist, after, '2026-08-18T10:00:00+01:00');
  });

  it('plans the break: 201 with the booking inside it flagged, and its two timers', async () => {
    const reply = await therapistPlansBreak(therapist.therapistId, summer);
    expect(reply.status, reply.text).toBe(201);
    const body = reply.json<{
      breakId: string;
      status: string;
      when: string;
      notice: { dueAt: string; clients: number };
      welcomeBack: { dueAt: string; earlyWindowEndsAt: string };
      bookingsInside: { bookingId: string; insideBreak: boolean; status: string }[];
    }>();
    breakId = body.breakId;
    expect(body).toMatchObject({
      status: 'upcoming',
      when: 'from Monday 3 August to Friday 14 August',
      notice: { dueAt: '2026-07-20T09:00:00+01:00', clients: 0 },
      welcomeBack: { dueAt: '2026-08-08T09:00:00+01:00', earlyWindowEndsAt: '2026-08-11T09:00:00+01:00' },
    });
    expect(body.bookingsInside).toEqual([
      expect.objectContaining({
        bookingId: insideBookingId,
        insideBreak: true,
        status: 'requested',
        start: '2026-08-05T11:00:00+01:00',
      }),
    ]);
    // Nothing was cancelled for the therapist: the booking still holds its time.
    expect(await messages('booking-cancelled', inside.email)).toHaveLength(0);

    const pending = await timers(therapist.therapistId);
    expect(
      pending
        .filter((t) => t.kind.startsWith('break-'))
        .map((t) => [t.kind, t.dueAt])
        .sort(),
    ).toEqual([
      ['break-notice', '2026-07-20T08:00:00.000Z'],
      ['break-welcome-back', '2026-08-08T08:00:00.000Z'],
    ]);
  });

  it('closes the dates at once', async () => {
    const token = await sessionTokenFor(therapist, before);
    expect(slotStarts(await clientListsSlots(token, 'from=2026-08-03&to=2026-08-14&tz=Europe/London'))).toEqual([]);
    // The day before is open (control).
    expect(slotStarts(await clientListsSlots(token, 'from=2026-07-31&to=2026-07-31&tz=Europe/London'))).toContain(
      '2026-07-31T10:00:00+01:00',
    );
    expect((await clientBooks(token, '2026-08-04T10:00:00+01:00')).status).not.toBe(201);
  });

  it('sends the notice on its day, not before, once to each active client even when two sweeps overlap', async () => {
    clock.set('2026-07-20T07:59:00Z');
    await theSweepRuns();
    expect(await messages('break-notice')).toHaveLength(0);

    clock.set('2026-07-20T08:00:00Z');
    await Promise.all([theSweepRuns(), theSweepRuns()]);
    await theSweepRuns();
    for (const client of [before, inside, after]) {
      const notice = await onlyMessage('break-notice', client.email);
      expect(notice.data).toEqual({
        clientName: client.name,
        therapistName: therapist.displayName,
        start: '2026-08-03',
        end: '2026-08-14',
        when: 'from Monday 3 August to Friday 14 August',
        firstDayBack: 'Monday 17 August',
        therapistMessage: summer.message,
      });
      expect(notice.fromName).toBe(therapist.displayName);
    }
    expect(await messages('break-notice', paused.email)).toHaveLength(0);
    expect(await timers(therapist.therapistId, 'break-notice')).toEqual([expect.objectContaining({ status: 'done' })]);

    const listed = (await therapistListsBreaks(therapist.therapistId)).json<{
      items: { notice: { sentAt?: string; clients: number } }[];
    }>().items;
    expect(listed[0]!.notice).toMatchObject({ sentAt: '2026-07-20T09:00:00+01:00', clients: 3 });
  });

  it('invites back, on its day, the active clients who have not booked after the break', async () => {
    clock.set('2026-08-08T07:59:00Z');
    await theSweepRuns();
    expect(await messages('welcome-back')).toHaveLength(0);

    clock.set('2026-08-08T08:00:00Z');
    await Promise.all([theSweepRuns(), theSweepRuns()]);
    for (const client of [before, inside]) {
      const welcome = await onlyMessage('welcome-back', client.email);
      expect(welcome.data).toMatchObject({
        clientName: client.name,
        therapistName: therapist.displayName,
        firstDayBack: 'Monday 17 August',
        durationMinutes: 50,
        timeZone: 'Europe/London',
        reminder: false,
      });
      expect(welcome.data.bookingUrl).toMatch(/\/book\/[A-Za-z0-9_-]{43}$/);
    }
    // Already booked after the break: not invited again. On a break of their own: not invited.
    expect(await messages('welcome-back', after.email)).toHaveLength(0);
    expect(await messages('welcome-back', paused.email)).toHaveLength(0);
  });

  it('keeps the first days after the break for returning clients during the early window', async () => {
    clock.set('2026-08-09T10:00:00Z');
    const welcome = await onlyMessage('welcome-back', before.email);
    const returning = tokenOf(welcome.data.bookingUrl);
    const { token: newcomer } = await anAcceptedEnquiry(therapist);

    expect(slotStarts(await clientListsSlots(returning, 'from=2026-08-17&to=2026-08-17&tz=Europe/London'))).toContain(
      '2026-08-17T09:00:00+01:00',
    );
    expect(slotStarts(await clientListsSlots(newcomer, 'from=2026-08-17&to=2026-08-28&tz=Europe/London'))).toEqual([]);
    expect(slotStarts(await clientListsSlots(newcomer, 'from=2026-08-31&to=2026-08-31&tz=Europe/London'))).toContain(
      '2026-08-31T09:00:00+01:00',
    );
    expect((await clientBooks(newcomer, '2026-08-17T09:00:00+01:00')).status).not.toBe(201);

    clock.set('2026-08-11T08:00:00Z');
    expect(slotStarts(await clientListsSlots(newcomer, 'from=2026-08-17&to=2026-08-17&tz=Europe/London'))).toContain(
      '2026-08-17T09:00:00+01:00',
    );
  });

  it('shows who has not rebooked, and lets the therapist send each of them one reminder', async () => {
    clock.set('2026-08-10T09:00:00Z');
    const welcome = await onlyMessage('welcome-back', before.email);
    expect(
      (await clientBooks(tokenOf(welcome.data.bookingUrl), '2026-08-17T10:00:00+01:00', 'Europe/London')).status,
    ).toBe(201);

    const listed = (await therapistListsBreaks(therapist.therapistId)).json<{
      items: {
        status: string;
        welcomeBack: { invited: number; notRebooked: { clientId: string }[] };
        bookingsInside: unknown[];
      }[];
    }>().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      status: 'current',
      welcomeBack: { invited: 2, notRebooked: [{ clientId: inside.clientId, reminded: false }] },
    });
    expect(listed[0]!.bookingsInside).toHaveLength(1);

    const booked = await therapistReminds(therapist.therapistId, breakId, before.clientId);
    expect(booked.status).toBe(409);
    expect(booked.json<{ detail: string }>().detail).toContain('already booked');

    const reminded = await therapistReminds(therapist.therapistId, breakId, inside.clientId);
    expect(reminded.status, reminded.text).toBe(201);
    expect(
      (await messages('welcome-back', inside.email)).map((m) => (m.data as { reminder: boolean }).reminder).sort(),
    ).toEqual([false, true]);
    const again = await therapistReminds(therapist.therapistId, breakId, inside.clientId);
    expect(again.status).toBe(409);
    expect(again.json<{ detail: string }>().detail).toContain('already sent');
    expect(await messages('welcome-back', inside.email)).toHaveLength(2);
  });
});
