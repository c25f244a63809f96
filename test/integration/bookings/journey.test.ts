/**
 * Journey 2, the initial consultation, end to end in handler mode: enquiry → accept → invitation →
 * slots → book → confirm → confirmation with ICS → reminder (by moving the sweep's clock) → move →
 * cancel refused inside the window → the consultation → outcome "continue" → a session invitation.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '#shared/store/keys.js';
import { clock, HOUR, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { storedItem } from '#test/support/steps/then.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import {
  aPractice,
  anAcceptedEnquiry,
  cellsFrom,
  clientBooks,
  clientCancels,
  clientListsSlots,
  clientMoves,
  clientViewsBooking,
  invitations,
  locks,
  messages,
  onlyMessage,
  therapistActs,
  therapistInvitesClient,
  therapistListsBookings,
  therapistRecordsOutcome,
  timers,
  tokenOf,
} from './steps.js';

useTestEnvironment();

// Monday 2 March 2026, 09:00 in London (GMT until 29 March).
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

describe('initial consultation journey', () => {
  it('book → confirm → reminder once → move → refused inside the window → outcome → session invitation', async () => {
    const therapist = await aPractice();
    const { client, token, enquiryId } = await anAcceptedEnquiry(therapist);

    // The invitation offers Wednesday 10:00 (London time) among its slots.
    const slots = await clientListsSlots(token, 'from=2026-03-04&to=2026-03-04&tz=Europe/London');
    expect(slots.status).toBe(200);
    expect(slots.json<{ slots: { start: string }[] }>().slots.map((s) => s.start)).toContain(
      '2026-03-04T10:00:00+00:00',
    );

    // Book it: a request that holds its cells (10:00 plus the 10-minute buffer: three quarter hours).
    const booked = await clientBooks(token, '2026-03-04T10:00:00+00:00', 'Europe/London');
    expect(booked.status).toBe(201);
    const { bookingId, ...answer } = booked.json<{ bookingId: string; status: string; start: string; end: string }>();
    expect(answer).toMatchObject({
      status: 'requested',
      start: '2026-03-04T10:00:00+00:00',
      end: '2026-03-04T10:30:00+00:00',
    });
    expect((await locks(therapist.therapistId)).map((l) => l.cell)).toEqual(cellsFrom('2026-03-04T10:00:00Z', 3));

    // The slot is gone from the invitation's times, and one invitation holds one request.
    const after = await clientListsSlots(token, 'from=2026-03-04&to=2026-03-04&tz=Europe/London');
    expect(after.json<{ slots: { start: string }[] }>().slots.map((s) => s.start)).not.toContain(
      '2026-03-04T10:00:00+00:00',
    );
    const second = await clientBooks(token, '2026-03-04T14:00:00+00:00');
    expect(second.status).toBe(409);
    expect(second.json<{ detail: string }>().detail).toContain('already have a request waiting');

    // Both sides hear: the client that it is waiting (with a manage link), the therapist with one-click links.
    const requested = await onlyMessage('booking-requested', client.email);
    expect(requested.data).toMatchObject({
      clientName: client.name,
      therapistName: therapist.displayName,
      appointment: { start: '2026-03-04T10:00:00.000Z', timeZone: 'Europe/London', durationMinutes: 30 },
    });
    const request = await onlyMessage('booking-request', therapist.email);
    expect(request.data.confirmUrl).toMatch(/\/actions\/[A-Za-z0-9_-]{43}$/);
    expect(request.data.expiresAt).toBe('2026-03-03T22:00:00.000Z'); // 48 hours after the request, capped at 12 hours before the time it holds
    expect(await timers(therapist.therapistId, 'booking-request-expiry')).toHaveLength(1);

    // The therapist confirms from the API: confirmation with an ICS invite to both sides.
    clock.advance(2 * HOUR);
    const confirmed = await therapistActs(therapist.therapistId, bookingId, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', enquiryId, start: '2026-03-04T10:00:00+00:00' });
    const toClient = await onlyMessage('booking-confirmed', client.email);
    expect(toClient.data.ics).toMatchObject({
      method: 'REQUEST',
      uid: `${bookingId}@threshold`,
      sequence: 0,
      start: '2026-03-04T10:00:00.000Z',
      end: '2026-03-04T10:30:00.000Z',
      timeZone: 'Europe/London',
      summary: `Appointment with ${therapist.displayName}`,
      location: 'https://video.example/sam',
    });
    expect(toClient.data.ics.summary).not.toMatch(/therap|counsel/i);
    expect(toClient.data.manageUrl).toMatch(/^https:\/\/api\.threshold\.test\/manage\/[A-Za-z0-9_-]{43}$/);
    const toTherapist = await onlyMessage('booking-confirmed-therapist', therapist.email);
    expect(toTherapist.data).toMatchObject({
      autoConfirmed: false,
      ics: { uid: `${bookingId}@threshold`, sequence: 0, summary: `Appointment with ${client.name}` },
    });
    expect(await timers(therapist.therapistId, 'booking-request-expiry')).toHaveLength(0);
    const manage = tokenOf(toClient.data.manageUrl);

    // The reminder is a timer 24 hours ahead. The sweep before its time sends nothing; two sweeps at once send it once.
    const [reminder] = await timers(therapist.therapistId, 'booking-reminder');
    expect(reminder!.dueAt).toBe('2026-03-03T10:00:00.000Z');
    await theSweepRuns(new Date('2026-03-03T09:59:00Z'));
    expect(await messages('booking-reminder', client.email)).toHaveLength(0);
    await Promise.all([theSweepRuns(new Date('2026-03-03T10:01:00Z')), theSweepRuns(new Date('2026-03-03T10:01:00Z'))]);
    await theSweepRuns(new Date('2026-03-03T10:06:00Z'));
    const sent = await onlyMessage('booking-reminder', client.email);
    expect(sent.data).toMatchObject({
      clientFirstName: client.name.split(' ')[0],
      therapistFirstName: 'Sam',
      appointment: { timeZone: 'Europe/London', join: { kind: 'video', link: 'https://video.example/sam' } },
    });
    expect(JSON.stringify(sent.data)).not.toMatch(/struggling|message/i);

    // Still outside the 24-hour window on Monday: the client moves it to Thursday 14:00.
    const view = await clientViewsBooking(manage);
    expect(view.status).toBe(200);
    expect(view.json()).toMatchObject({
      status: 'confirmed',
      canCancel: true,
      canReschedule: true,
      therapist: { displayName: therapist.displayName },
    });
    const moved = await clientMoves(manage, '2026-03-05T14:00:00+00:00');
    expect(moved.status).toBe(200);
    expect(moved.json()).toMatchObject({ start: '2026-03-05T14:00:00+00:00', status: 'confirmed' });
    expect((await locks(therapist.therapistId)).map((l) => l.cell)).toEqual(cellsFrom('2026-03-05T14:00:00Z', 3));
    const movedEmail = await onlyMessage('booking-moved', client.email);
    expect(movedEmail.data.ics).toMatchObject({
      uid: `${bookingId}@threshold`,
      sequence: 1,
      method: 'REQUEST',
      start: '2026-03-05T14:00:00.000Z',
    });
    expect(movedEmail.data.previous.start).toBe('2026-03-04T10:00:00.000Z');
    expect((await onlyMessage('booking-moved-therapist', therapist.email)).data.ics?.sequence).toBe(1);
    expect((await timers(therapist.therapistId, 'booking-reminder')).map((t) => [t.dueAt, t.status])).toEqual([
      ['2026-03-04T14:00:00.000Z', 'pending'],
    ]);

    // Inside the window the client is told kindly how to reach the therapist; nothing changes.
    clock.set('2026-03-04T15:00:00Z');
    const refused = await clientCancels(manage, 'Something came up');
    expect(refused.status).toBe(409);
    const { detail, reason } = refused.json<{ detail: string; reason: string }>();
    expect(reason).toBe('inside-window');
    expect(detail).toContain(therapist.email);
    expect(detail).not.toMatch(/missed|failed|too late|no-show/i);
    expect((await clientMoves(manage, '2026-03-06T14:00:00+00:00')).status).toBe(409);
    expect((await clientViewsBooking(manage)).json()).toMatchObject({
      canCancel: false,
      canReschedule: false,
      policy: detail,
    });

    // The reminder for the new time fires once; the consultation takes place.
    await theSweepRuns(new Date('2026-03-04T14:05:00Z'));
    expect(await messages('booking-reminder', client.email)).toHaveLength(2);

    // Outcome too early is refused; after it started, "continue" makes an active client.
    expect((await therapistRecordsOutcome(therapist.therapistId, bookingId, 'continue')).status).toBe(409);
    clock.set('2026-03-05T15:00:00Z');
    expect((await clientViewsBooking(manage)).status).toBe(410); // the manage link ends with the appointment
    const outcome = await therapistRecordsOutcome(therapist.therapistId, bookingId, 'continue');
    expect(outcome.status).toBe(200);
    const { clientId } = outcome.json<{ clientId: string }>();
    expect(clientId).toBeTruthy();
    expect(await storedItem(keys.client(therapist.therapistId, clientId))).toMatchObject({
      status: 'active',
      email: client.email,
      fromEnquiryId: enquiryId,
      sessionLengthMinutes: 50,
    });
    expect((await therapistRecordsOutcome(therapist.therapistId, bookingId, 'continue')).status).toBe(409);

    // The therapist invites the new client to book a 50-minute session; it books like a consultation.
    const invited = await therapistInvitesClient(therapist.therapistId, clientId);
    expect(invited.status).toBe(201);
    const invitation = invited.json<{ bookingUrl: string; durationMinutes: number }>();
    expect(invitation.durationMinutes).toBe(50);
    expect((await onlyMessage('session-invitation', client.email)).data.bookingUrl).toBe(invitation.bookingUrl);
    const session = await clientBooks(tokenOf(invitation.bookingUrl), '2026-03-09T10:00:00+00:00');
    expect(session.status).toBe(201);
    expect(session.json()).toMatchObject({ end: '2026-03-09T10:50:00+00:00' });

    const diary = await therapistListsBookings(therapist.therapistId, 'from=2026-03-01&to=2026-03-31');
    expect(diary.json<{ items: { kind: string; status: string }[] }>().items.map((b) => [b.kind, b.status])).toEqual([
      ['consultation', 'confirmed'],
      ['session', 'requested'],
    ]);
  });

  it('another therapist cannot see or act on the booking (404)', async () => {
    const therapist = await aPractice();
    const other = await aPractice();
    const [invited] = await invitations(therapist, 1);
    const token = invited!.token;
    const { bookingId } = (await clientBooks(token, '2026-03-04T10:00:00+00:00')).json<{ bookingId: string }>();
    for (const action of ['confirm', 'decline', 'cancel'] as const)
      expect((await therapistActs(other.therapistId, bookingId, action)).status).toBe(404);
    expect((await therapistRecordsOutcome(other.therapistId, bookingId, 'continue')).status).toBe(404);
    expect((await therapistListsBookings(other.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('answers bad input with 400s that name the field, never a 5xx', async () => {
    const therapist = await aPractice();
    const [invited] = await invitations(therapist, 1);
    const token = invited!.token;
    const raw = (json: unknown) => send({ method: 'POST', path: `/invitations/${token}/bookings`, json });
    expect((await raw({})).status).toBe(400);
    expect((await raw({ start: 'tomorrow' })).status).toBe(400);
    expect((await raw({ start: '2026-03-04T10:00:00' })).json<{ errors: { path: string }[] }>().errors[0]!.path).toBe(
      'start',
    );
    expect(
      (await raw({ start: '2026-03-04T10:00:00Z', timeZone: 'Mars/Base' })).json<{ errors: { path: string }[] }>()
        .errors[0]!.path,
    ).toBe('timeZone');
    expect((await raw({ start: '2026-03-04T10:00:00Z', extra: 1 })).status).toBe(400);
    // A time never offered (a Saturday) is a conflict with times to choose from.
    const saturday = await raw({ start: '2026-03-07T10:00:00Z' });
    expect(saturday.status).toBe(409);
    expect(saturday.json<{ slots: unknown[] }>().slots.length).toBeGreaterThan(0);
    expect((await therapistActs(therapist.therapistId, 'no-such-booking', 'confirm')).status).toBe(404);
    expect((await clientViewsBooking('x'.repeat(43))).status).toBe(401);
  });
});
