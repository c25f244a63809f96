/**
 * Each way a booking moves: one-click confirm and decline from the therapist's email, a request that
 * is nudged and then released, cancellation by either side (with ICS CANCEL, reminders gone), a move
 * that overlaps its own cells, auto-confirm, and the kind close when a consultation does not proceed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import {
  aPractice,
  cellsFrom,
  clientBooks,
  clientCancels,
  clientListsSlots,
  clientMoves,
  invitations,
  locks,
  messages,
  onlyMessage,
  practice,
  therapistActs,
  therapistRecordsOutcome,
  timers,
  tokenOf,
} from './steps.js';

useTestEnvironment();

// Monday 2 March 2026, 09:00 in London.
beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

const WED_10 = '2026-03-04T10:00:00+00:00';

async function aRequest(settings = practice()) {
  const therapist = await aPractice(settings);
  const [invited] = await invitations(therapist, 1);
  const reply = await clientBooks(invited!.token, WED_10, 'America/New_York');
  expect(reply.status).toBe(201);
  return { therapist, ...invited!, bookingId: reply.json<{ bookingId: string }>().bookingId, reply };
}

const pathOf = (url: string) => new URL(url).pathname;

describe('the therapist answers from the email', () => {
  it('one-click Confirm: the GET only describes it, the POST confirms and the link is spent', async () => {
    const { therapist, client, bookingId } = await aRequest();
    const { confirmUrl, declineUrl } = (await onlyMessage('booking-request', therapist.email)).data;

    const page = await send({ method: 'GET', path: pathOf(confirmUrl) });
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      `Confirm the first consultation with ${client.name} on Wednesday 4 March, 10:00 (London time)?`,
    );
    expect(await messages('booking-confirmed', client.email)).toHaveLength(0);

    const done = await send({ method: 'POST', path: pathOf(confirmUrl), form: {} });
    expect(done.status).toBe(200);
    expect(done.text).toContain(`You confirmed the booking with ${client.name}`);
    expect((await onlyMessage('booking-confirmed', client.email)).data.appointment.timeZone).toBe('America/New_York');
    expect((await send({ method: 'POST', path: pathOf(confirmUrl), form: {} })).status).toBe(410);
    // The other link no longer applies: a 409 page, nothing sent.
    expect((await send({ method: 'POST', path: pathOf(declineUrl), form: { note: 'Sorry' } })).status).toBe(409);
    expect(await messages('booking-declined', client.email)).toHaveLength(0);
    expect((await locks(therapist.therapistId)).every((l) => l.bookingId === bookingId)).toBe(true);
  });

  it('one-click Decline with a note: cells freed, the client told kindly with a link, and the same invitation books again', async () => {
    const { therapist, client, token } = await aRequest();
    const { declineUrl } = (await onlyMessage('booking-request', therapist.email)).data;
    const done = await send({
      method: 'POST',
      path: pathOf(declineUrl),
      form: { note: 'That morning is taken, I am sorry.' },
    });
    expect(done.status).toBe(200);
    expect(await locks(therapist.therapistId)).toEqual([]);
    const declined = await onlyMessage('booking-declined', client.email);
    expect(declined.data).toMatchObject({
      note: 'That morning is taken, I am sorry.',
      appointment: { start: '2026-03-04T10:00:00.000Z' },
    });
    expect(declined.data.bookingUrl).toMatch(/\/book\/[A-Za-z0-9_-]{43}$/);

    // The link in the decline email opens the same invitation; the time is free again.
    const again = await clientBooks(tokenOf(declined.data.bookingUrl!), WED_10);
    expect(again.status).toBe(201);
    expect((await clientBooks(token, '2026-03-04T14:00:00+00:00')).status).toBe(409);
  });
});

describe('a request nobody answers', () => {
  it('is nudged once halfway, then released the evening before: cells freed, the client told, and the invitation books again', async () => {
    const { therapist, client, token, bookingId } = await aRequest();
    // Asked on Monday 09:00 for Wednesday 10:00: released by Tuesday 22:00, not on the day itself.
    expect((await onlyMessage('booking-requested', client.email)).data.answerBy).toBe('2026-03-03T22:00:00.000Z');
    const [nudge] = await timers(therapist.therapistId, 'booking-request-nudge');
    expect(nudge!.dueAt).toBe('2026-03-03T03:30:00.000Z');

    await theSweepRuns(new Date('2026-03-03T03:31:00Z'));
    await theSweepRuns(new Date('2026-03-03T03:36:00Z'));
    const nudged = await onlyMessage('booking-request-nudge', therapist.email);
    expect(nudged.data.confirmUrl).not.toBe((await onlyMessage('booking-request', therapist.email)).data.confirmUrl);

    await theSweepRuns(new Date('2026-03-03T22:01:00Z'));
    const stored = await send({ method: 'GET', path: `/me/bookings/${bookingId}`, as: therapist.therapistId });
    expect(stored.json()).toMatchObject({ status: 'expired' });
    expect(await locks(therapist.therapistId)).toEqual([]);
    const expired = await onlyMessage('booking-expired', client.email);
    expect(expired.data.appointment.timeZone).toBe('America/New_York');
    // The old one-click links say the request has moved on.
    expect(
      (await send({ method: 'POST', path: pathOf(nudged.data.confirmUrl), form: {} })).status,
    ).toBeGreaterThanOrEqual(409);

    clock.set('2026-03-03T22:05:00Z');
    expect((await clientBooks(token, '2026-03-05T10:00:00+00:00')).status).toBe(201);
  });
});

describe('cancelling', () => {
  it('by the client outside the window: ICS CANCEL with SEQUENCE + 1, cells freed, no reminder ever sent', async () => {
    const { therapist, client, bookingId } = await aRequest();
    expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);
    const manage = tokenOf((await onlyMessage('booking-confirmed', client.email)).data.manageUrl);
    expect(await timers(therapist.therapistId, 'booking-reminder')).toHaveLength(1);

    const cancelled = await clientCancels(manage, 'I have a work trip');
    expect(cancelled.status).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', canCancel: false });
    expect(await locks(therapist.therapistId)).toEqual([]);
    expect(await timers(therapist.therapistId, 'booking-reminder')).toHaveLength(0);
    const toClient = await onlyMessage('booking-cancelled', client.email);
    expect(toClient.data).toMatchObject({
      cancelledBy: 'client',
      wasRequest: false,
      ics: { method: 'CANCEL', status: 'CANCELLED', uid: `${bookingId}@threshold`, sequence: 1 },
    });
    const toTherapist = await onlyMessage('booking-cancelled-therapist', therapist.email);
    expect(toTherapist.data).toMatchObject({
      cancelledBy: 'client',
      hasReason: true,
      ics: { method: 'CANCEL', sequence: 1 },
    });
    // The reason is the client's own words: in the therapist's view behind sign-in, never in an email.
    expect(JSON.stringify(toTherapist)).not.toContain('work trip');
    expect(
      (await send({ method: 'GET', path: `/me/bookings/${bookingId}`, as: therapist.therapistId })).json(),
    ).toMatchObject({ clientReason: 'I have a work trip' });

    await theSweepRuns(new Date('2026-03-03T10:01:00Z'));
    expect(await messages('booking-reminder', client.email)).toHaveLength(0);
    expect((await clientCancels(manage)).status).toBe(409);

    // A way back: the invitation is open again, and the email's link books another time with it.
    const again = (toClient.data as { bookingUrl?: string }).bookingUrl;
    expect(again, 'a link to choose another time').toMatch(/\/book\/[A-Za-z0-9_-]{43}$/);
    expect((toClient.data as { invitationExpiresAt?: string }).invitationExpiresAt).toBeDefined();
    expect((await clientBooks(tokenOf(again!), '2026-03-05T11:00:00+00:00')).status).toBe(201);
  });

  it('by the therapist any time, with a note; a withdrawn request reopens the invitation', async () => {
    const { therapist, client, bookingId } = await aRequest();
    expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);
    clock.set('2026-03-04T09:30:00Z'); // inside the client's window: the therapist can still cancel
    const reply = await therapistActs(
      therapist.therapistId,
      bookingId,
      'cancel',
      'I am unwell today and need to rest.',
    );
    expect(reply.status).toBe(200);
    expect((await onlyMessage('booking-cancelled', client.email)).data).toMatchObject({
      cancelledBy: 'therapist',
      note: 'I am unwell today and need to rest.',
      ics: { method: 'CANCEL', sequence: 1 },
    });

    clock.set('2026-03-02T09:00:00Z');
    const second = await aRequest();
    const manage = tokenOf((await onlyMessage('booking-requested', second.client.email)).data.manageUrl);
    expect((await clientCancels(manage)).status).toBe(200);
    const withdrawn = await onlyMessage('booking-cancelled', second.client.email);
    expect(withdrawn.data).toMatchObject({ wasRequest: true });
    expect(withdrawn.data.ics).toBeUndefined();
    expect(await timers(second.therapist.therapistId, 'booking-request-expiry')).toHaveLength(0);
    expect((await clientBooks(second.token, WED_10)).status).toBe(201);
  });
});

describe('moving', () => {
  it('into its own time keeps the shared cells; to a free time it takes new cells and frees old ones at once', async () => {
    const { therapist, client, bookingId } = await aRequest(practice({ startIntervalMinutes: 15 }));
    const manage = tokenOf((await onlyMessage('booking-requested', client.email)).data.manageUrl);
    // Fifteen minutes later overlaps the booking's own cells: they are kept, one is taken, one freed.
    expect((await clientMoves(manage, '2026-03-04T10:15:00+00:00')).status).toBe(200);
    expect(await locks(therapist.therapistId)).toEqual(
      cellsFrom('2026-03-04T10:15:00Z', 3).map((cell) => ({ cell, bookingId })),
    );
    const moved = await clientMoves(manage, '2026-03-04T11:00:00+00:00');
    expect(moved.status).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'requested', start: '2026-03-04T06:00:00-05:00' });
    expect(await locks(therapist.therapistId)).toEqual(
      cellsFrom('2026-03-04T11:00:00Z', 3).map((cell) => ({ cell, bookingId })),
    );
    expect((await messages('booking-moved', client.email)).at(-1)!.data).toMatchObject({ status: 'requested' });
    // The old time is free for someone else.
    const [other] = await invitations(therapist, 1);
    expect((await clientBooks(other!.token, WED_10)).status).toBe(201);
  });

  it('refuses a move onto another booking with fresh slots, and nothing changes', async () => {
    const { therapist, client, bookingId } = await aRequest();
    const [other] = await invitations(therapist, 1);
    expect((await clientBooks(other!.token, '2026-03-04T14:00:00+00:00')).status).toBe(201);
    const manage = tokenOf((await onlyMessage('booking-requested', client.email)).data.manageUrl);
    const refused = await clientMoves(manage, '2026-03-04T14:00:00+00:00');
    expect(refused.status).toBe(409);
    expect(refused.json<{ slots: { start: string }[]; timeZone: string }>().timeZone).toBe('America/New_York');
    expect((await locks(therapist.therapistId)).filter((l) => l.bookingId === bookingId).map((l) => l.cell)).toEqual(
      cellsFrom('2026-03-04T10:00:00Z', 3),
    );
  });
});

describe('auto-confirm and outcomes', () => {
  it('auto-confirms where the settings say so: confirmed at once, both told with ICS, reminders made', async () => {
    const therapist = await aPractice(practice({ requiresConfirmation: false, reminderOffsetsMinutes: [24 * 60, 60] }));
    const [invited] = await invitations(therapist, 1);
    const reply = await clientBooks(invited!.token, WED_10);
    expect(reply.json()).toMatchObject({ status: 'confirmed' });
    expect(await messages('booking-request', therapist.email)).toHaveLength(0);
    expect((await onlyMessage('booking-confirmed-therapist', therapist.email)).data.autoConfirmed).toBe(true);
    expect((await timers(therapist.therapistId, 'booking-reminder')).map((t) => t.dueAt).sort()).toEqual([
      '2026-03-03T10:00:00.000Z',
      '2026-03-04T09:00:00.000Z',
    ]);
    // The invitation is used up.
    expect((await clientBooks(invited!.token, '2026-03-05T10:00:00+00:00')).status).toBe(409);
  });

  it('a reminder whose time has already passed at confirmation is not made', async () => {
    const therapist = await aPractice(practice({ requiresConfirmation: false, minimumNoticeMinutes: 60 }));
    const [invited] = await invitations(therapist, 1);
    expect((await clientBooks(invited!.token, '2026-03-02T14:00:00+00:00')).status).toBe(201);
    expect(await timers(therapist.therapistId, 'booking-reminder')).toEqual([]);
  });

  it('"not proceeding" closes kindly, with the note', async () => {
    const { therapist, client, bookingId } = await aRequest();
    await therapistActs(therapist.therapistId, bookingId, 'confirm');
    clock.set('2026-03-04T10:45:00Z');
    const reply = await therapistRecordsOutcome(
      therapist.therapistId,
      bookingId,
      'not-proceeding',
      'I think another counsellor would suit you better.',
    );
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ booking: { outcome: 'not-proceeding' } });
    expect((await onlyMessage('consultation-not-proceeding', client.email)).data.note).toBe(
      'I think another counsellor would suit you better.',
    );
  });
});
