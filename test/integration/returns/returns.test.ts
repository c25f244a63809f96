/**
 * Journey 3, a client's return: a recognised client (paused, ended — or active, see
 * domain/client.ts recognisedOnReturn) becomes a return request with their history; anyone else
 * becomes a new enquiry with its acknowledgement. Accept → a session invitation whose link works;
 * decline → a kind note. Emails are read from the outbox (and from the SES emulator wherever the
 * template is written).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { templates } from '#shared/email/templates/index.js';
import { keys } from '#shared/store/keys.js';
import { clock, send } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient, aTherapist } from '#test/support/steps/given.js';
import { theSweepRuns, therapistListsEnquiries } from '#test/support/steps/when.js';
import { emailsArriveFor, storedItem, theOutboxIsDelivered, wholeEmail } from '#test/support/steps/then.js';
import { clientBooks, clientListsSlots, timers, tokenOf, weekdays } from '../bookings/steps.js';
import {
  aReturnFrom,
  call,
  onlyQueued,
  queued,
  someoneAsksToReturn,
  therapistAddsClient,
  therapistAnswersReturn,
  therapistEndsClient,
  therapistListsReturns,
} from '../clients/steps.js';

useTestEnvironment();

// Tuesday 10 March 2026, 10:00 in London.
beforeEach(() => clock.set('2026-03-10T10:00:00Z'));

const written = (template: string): boolean => template in templates;

interface ReturnJson {
  returnId: string;
  clientId: string;
  status: string;
  name: string;
  message?: string;
  history: Record<string, unknown>;
  invitationId?: string;
}

async function aClientOf(therapistId: string, status: 'active' | 'paused', extra: Record<string, unknown> = {}) {
  const person = aClient();
  const added = await therapistAddsClient(therapistId, { name: person.name, email: person.email, status, ...extra });
  expect(added.status).toBe(201);
  return { ...person, clientId: added.json<{ clientId: string }>().clientId };
}

describe('a return request from a recognised client', () => {
  it('is recorded with the history, acknowledged warmly, and the therapist told neutrally', async () => {
    const therapist = await aTherapist();
    clock.set('2026-01-20T10:00:00Z');
    const client = await aClientOf(therapist.therapistId, 'paused', {
      sessionLengthMinutes: 60,
      expectedReturn: '2026-04-01',
      firstContactOn: '2024-09-02',
      lastSessionOn: '2026-01-13',
    });
    clock.set('2026-03-10T10:00:00Z');

    const asked = await someoneAsksToReturn(
      therapist.therapistId,
      aReturnFrom({ name: 'Al', email: client.email.toUpperCase() }),
      client,
    );
    expect(asked.status).toBe(202);
    expect(asked.json()).toEqual({ status: 'received' });

    const listed = await therapistListsReturns(therapist.therapistId);
    expect(listed.status).toBe(200);
    const [request] = listed.json<{ items: ReturnJson[] }>().items;
    expect(request).toMatchObject({
      clientId: client.clientId,
      status: 'pending',
      name: 'Al',
      message: 'I would like to start sessions again when you have space.',
      history: {
        clientStatus: 'paused',
        firstContactAt: '2024-09-01T23:00:00.000Z', // midnight in London (BST)
        lastSessionAt: '2026-01-13T00:00:00.000Z',
        pausedAt: '2026-01-20T10:00:00.000Z',
        expectedReturn: '2026-04-01',
        breakLengthDays: 56,
      },
    });
    const one = await call({ method: 'GET', path: `/me/returns/${request!.returnId}`, as: therapist.therapistId });
    expect(one.json()).toEqual(request);
    expect(await storedItem(keys.client(therapist.therapistId, client.clientId))).toMatchObject({
      openReturnId: request!.returnId,
      status: 'paused',
    });

    // Warm to the client, neutral to the therapist; never the message; and no enquiry was made.
    const ack = await onlyQueued('return-request-received', client.email);
    expect(ack.data).toMatchObject({
      clientName: 'Al',
      therapistName: therapist.displayName,
      timeZone: 'Europe/London',
    });
    const note = await onlyQueued('return-request-new', therapist.email);
    expect(note.data).toMatchObject({
      clientName: 'Al',
      hasMessage: true,
      returnsUrl: `https://api.threshold.test/console/returns/${request!.returnId}`,
    });
    expect(JSON.stringify([ack, note])).not.toContain('start sessions again');
    expect(await queued('enquiry-received', client.email)).toEqual([]);
    expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);

    // Writing again before an answer is the same request: nothing new is stored or sent.
    clock.advance(60_000);
    expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(client), client)).status).toBe(202);
    expect((await therapistListsReturns(therapist.therapistId)).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect(await queued('return-request-received', client.email)).toHaveLength(1);

    if (written('return-request-received')) {
      await theOutboxIsDelivered();
      const [email] = await emailsArriveFor(client.email);
      expect(wholeEmail(email!)).toContain(therapist.displayName);
      expect(wholeEmail(email!)).not.toContain('start sessions again');
    }
  });

  it('accept: a session invitation (no consultation) whose link works, made with the answer', async () => {
    const therapist = await aTherapist();
    const client = await aClientOf(therapist.therapistId, 'paused', { sessionLengthMinutes: 60 });
    await someoneAsksToReturn(therapist.therapistId, aReturnFrom(client), client);
    const { returnId } = (await therapistListsReturns(therapist.therapistId)).json<{ items: ReturnJson[] }>().items[0]!;

    clock.advance(3_600_000);
    const accepted = await therapistAnswersReturn(
      therapist.therapistId,
      returnId,
      'accept',
      'Lovely to hear from you.',
    );
    expect(accepted.status).toBe(200);
    const { invitation } = accepted.json<{
      status: string;
      invitation: { bookingUrl: string; durationMinutes: number; invitationId: string };
    }>();
    expect(accepted.json()).toMatchObject({ returnId, status: 'accepted' });
    expect(invitation.durationMinutes).toBe(60);

    const email = await onlyQueued('return-accepted', client.email);
    expect(email.data).toMatchObject({
      clientName: client.name,
      note: 'Lovely to hear from you.',
      bookingUrl: invitation.bookingUrl,
      durationMinutes: 60,
      timeZone: 'Europe/London',
    });
    const token = tokenOf(email.data.bookingUrl);
    const view = await send({ method: 'GET', path: `/invitations/${token}` });
    expect(view.status).toBe(200);
    expect(view.json()).toMatchObject({
      kind: 'session',
      durationMinutes: 60,
      therapist: { displayName: therapist.displayName },
    });

    const after = (await therapistListsReturns(therapist.therapistId)).json<{ items: ReturnJson[] }>().items[0]!;
    expect(after).toMatchObject({ status: 'accepted', invitationId: invitation.invitationId });
    // Still on a break until they book (the booking makes them active); free to write again later.
    const stored = await storedItem(keys.client(therapist.therapistId, client.clientId));
    expect(stored).toMatchObject({ status: 'paused' });
    expect(stored).not.toHaveProperty('openReturnId');

    expect((await therapistAnswersReturn(therapist.therapistId, returnId, 'accept')).status).toBe(409);
    expect((await therapistAnswersReturn(therapist.therapistId, returnId, 'decline')).status).toBe(409);
    expect(await queued('return-accepted', client.email)).toHaveLength(1);

    // Booking from the welcome-back invitation makes them an active client again, in the same write.
    expect(
      (
        await call({
          method: 'PUT',
          path: '/me/availability',
          as: therapist.therapistId,
          json: weekdays('Europe/London'),
        })
      ).status,
    ).toBe(200);
    const [slot] = (await clientListsSlots(token)).json<{ slots: { start: string }[] }>().slots;
    expect((await clientBooks(token, slot!.start)).status).toBe(201);
    expect(await storedItem(keys.client(therapist.therapistId, client.clientId))).toMatchObject({ status: 'active' });

    if (written('return-accepted')) {
      await theOutboxIsDelivered();
      const mail = (await emailsArriveFor(client.email, written('return-request-received') ? 2 : 1))
        .map(wholeEmail)
        .join('\n');
      expect(mail).toContain(`/book/${token}`);
    }
  });

  it('decline: a kind note with the therapist’s words; an ended client is recognised too', async () => {
    const therapist = await aTherapist();
    const client = await aClientOf(therapist.therapistId, 'active');
    expect((await therapistEndsClient(therapist.therapistId, client.clientId)).status).toBe(200);
    await someoneAsksToReturn(therapist.therapistId, aReturnFrom(client), client);
    const [request] = (await therapistListsReturns(therapist.therapistId, 'status=pending')).json<{
      items: ReturnJson[];
    }>().items;
    expect(request!.history).toMatchObject({ clientStatus: 'ended', endedAt: '2026-03-10T10:00:00.000Z' });

    const declined = await therapistAnswersReturn(
      therapist.therapistId,
      request!.returnId,
      'decline',
      'I do not have space just now.',
    );
    expect(declined.status).toBe(200);
    expect(declined.json()).toEqual({ returnId: request!.returnId, status: 'declined' });
    expect((await onlyQueued('return-declined', client.email)).data).toEqual({
      clientName: client.name,
      therapistName: therapist.displayName,
      note: 'I do not have space just now.',
    });
    expect(
      (await therapistListsReturns(therapist.therapistId, 'status=declined'))
        .json<{ items: ReturnJson[] }>()
        .items.map((r) => r.returnId),
    ).toEqual([request!.returnId]);
    expect((await therapistAnswersReturn(therapist.therapistId, request!.returnId, 'accept')).status).toBe(409);

    if (written('return-declined')) {
      await theOutboxIsDelivered();
      const mail = (await emailsArriveFor(client.email, written('return-request-received') ? 2 : 1))
        .map(wholeEmail)
        .join('\n');
      expect(mail).toContain('116 123');
    }
  });

  it('nudges the therapist once while the request waits; an answer deletes the nudge', async () => {
    const therapist = await aTherapist();
    const waiting = await aClientOf(therapist.therapistId, 'paused');
    const answered = await aClientOf(therapist.therapistId, 'paused');
    await someoneAsksToReturn(therapist.therapistId, aReturnFrom(waiting), waiting);
    await someoneAsksToReturn(therapist.therapistId, aReturnFrom(answered), answered);
    const items = (await therapistListsReturns(therapist.therapistId)).json<{ items: ReturnJson[] }>().items;
    const toAnswer = items.find((r) => r.clientId === answered.clientId)!;
    expect((await timers(therapist.therapistId, 'return-request-nudge')).map((t) => t.dueAt)).toEqual([
      '2026-03-12T10:00:00.000Z',
      '2026-03-12T10:00:00.000Z',
    ]);
    expect((await therapistAnswersReturn(therapist.therapistId, toAnswer.returnId, 'decline')).status).toBe(200);
    expect(await timers(therapist.therapistId, 'return-request-nudge')).toHaveLength(1);

    // Two working days later (Thursday), twice over: one reminder, about the one still waiting.
    await theSweepRuns(new Date('2026-03-12T09:59:00Z'));
    expect((await queued('return-request-new', therapist.email)).filter((m) => m.data.reminder)).toEqual([]);
    await Promise.all([theSweepRuns(new Date('2026-03-12T10:01:00Z')), theSweepRuns(new Date('2026-03-12T10:01:00Z'))]);
    await theSweepRuns(new Date('2026-03-12T10:06:00Z'));
    const reminders = (await queued('return-request-new', therapist.email)).filter((m) => m.data.reminder);
    expect(reminders.map((m) => m.data.clientName)).toEqual([waiting.name]);
  });

  it('an active client asking to come back is a return request too, not a new enquiry', async () => {
    const therapist = await aTherapist();
    const client = await aClientOf(therapist.therapistId, 'active');
    expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(client), client)).status).toBe(202);
    expect(
      (await therapistListsReturns(therapist.therapistId))
        .json<{ items: ReturnJson[] }>()
        .items.map((r) => r.history.clientStatus),
    ).toEqual(['active']);
    expect((await therapistListsEnquiries(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
  });
});

describe('a return from someone who is not a client', () => {
  it('becomes a new enquiry through first contact, with its acknowledgement', async () => {
    const therapist = await aTherapist();
    const stranger = aClient();
    // A client of another therapist is a stranger here.
    const elsewhere = await aClientOf((await aTherapist()).therapistId, 'paused');

    for (const person of [stranger, elsewhere]) {
      const asked = await someoneAsksToReturn(therapist.therapistId, aReturnFrom(person), person);
      expect(asked.status).toBe(202);
      expect(asked.json()).toEqual({ status: 'received' });
    }
    const inbox = (await therapistListsEnquiries(therapist.therapistId)).json<{
      items: { name: string; hasMessage: boolean }[];
    }>().items;
    expect(inbox.map((e) => e.name).sort()).toEqual([stranger.name, elsewhere.name].sort());
    expect(inbox.every((e) => e.hasMessage)).toBe(true);
    expect((await therapistListsReturns(therapist.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);

    await theOutboxIsDelivered();
    const [ack] = await emailsArriveFor(stranger.email);
    expect(ack!.subject).toBe(`Your message to ${therapist.displayName}`);
    expect(wholeEmail(ack!)).not.toContain('start sessions again');
  });
});

describe('return requests belong to their therapist', () => {
  it('another therapist sees none and cannot answer one (404)', async () => {
    const therapist = await aTherapist();
    const other = await aTherapist();
    const client = await aClientOf(therapist.therapistId, 'paused');
    await someoneAsksToReturn(therapist.therapistId, aReturnFrom(client), client);
    const { returnId } = (await therapistListsReturns(therapist.therapistId)).json<{ items: ReturnJson[] }>().items[0]!;
    expect((await therapistListsReturns(other.therapistId)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await therapistAnswersReturn(other.therapistId, returnId, 'accept')).status).toBe(404);
    expect((await therapistAnswersReturn(other.therapistId, returnId, 'decline')).status).toBe(404);
    expect((await therapistListsReturns(therapist.therapistId)).json<{ items: ReturnJson[] }>().items[0]!.status).toBe(
      'pending',
    );
  });

  it('answers bad input with 400s naming the field, and an unknown therapist with 404', async () => {
    const therapist = await aTherapist();
    const person = aClient();
    const cases: [Record<string, unknown>, string][] = [
      [aReturnFrom(person, { consent: false }), 'consent'],
      [aReturnFrom(person, { email: 'nope' }), 'email'],
      [aReturnFrom(person, { name: '' }), 'name'],
      [aReturnFrom(person, { phone: '+44 7700 900123' }), 'phone'],
      [aReturnFrom(person, { message: 'x'.repeat(4001) }), 'message'],
    ];
    for (const [body, path] of cases) {
      const response = await someoneAsksToReturn(therapist.therapistId, body, person);
      expect(response.status, path).toBe(400);
      expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
    }
    expect((await someoneAsksToReturn('t-nobody', aReturnFrom(person), person)).status).toBe(404);
  });
});
