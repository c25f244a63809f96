/**
 * Nobody waits in silence, and nobody is held on a list they have drifted from: check-ins every
 * `waitingListCheckInWeeks`, an answer resets the count, two unanswered in a row close the place
 * kindly. And an offer whose invitation ends while a booking request waits is settled only once the
 * therapist has answered it.
 */
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/store/keys.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode, MINUTE } from '#test/support/driver.js';
import { emailsFor, pendingOutboxTo, storedItem, theOutboxIsDelivered } from '#test/support/steps/then.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import {
  aPractice,
  clientBooks,
  clientListsSlots,
  practice,
  therapistActs,
  tokenOf,
  weekdays,
} from '../bookings/steps.js';
import {
  aFullTherapist,
  linkIn,
  pendingTimersOf,
  personOpens,
  personPresses,
  seenOn,
  someoneWrites,
  theList,
  therapistOffers,
  therapistRemoves,
  therapistSetsNewClients,
} from './steps.js';

useTestEnvironment();

const WEEK = 7 * DAY;
const start = Date.parse('2025-03-04T10:00:00Z');
const sent = async (email: string) => (await pendingOutboxTo(email)).map((o) => o.message);

describe.runIf(handlerMode)('check-ins', () => {
  it('two unanswered check-ins in a row close the place kindly, at the time a third would go', async () => {
    clock.set(new Date(start));
    const therapist = await aFullTherapist({ status: 'waiting-list' }, { waitingListCheckInWeeks: 4 });
    const { client } = await someoneWrites(therapist);
    await theOutboxIsDelivered();

    await theSweepRuns(new Date(start + 4 * WEEK));
    const [first] = await sent(client.email);
    expect(first).toMatchObject({
      template: 'waiting-list-check-in',
      data: { closesThen: false, standing: 'next', nextAt: new Date(start + 8 * WEEK).toISOString() },
    });
    await theOutboxIsDelivered();

    await theSweepRuns(new Date(start + 8 * WEEK));
    const [second] = await sent(client.email);
    expect(second).toMatchObject({
      template: 'waiting-list-check-in',
      data: { closesThen: true, nextAt: new Date(start + 12 * WEEK).toISOString() },
    });
    await theOutboxIsDelivered();
    const text = (await emailsFor(client.email)).at(-1)!.body.text ?? '';
    expect(text).toContain(
      'If Sam Rivera does not hear from you by Tuesday 27 May, your place on the list will close then.',
    );

    await theSweepRuns(new Date(start + 12 * WEEK));
    const [closing] = await sent(client.email);
    expect(closing).toMatchObject({ template: 'waiting-list-closed', data: { reason: 'no-reply' } });
    await theOutboxIsDelivered();
    const last = (await emailsFor(client.email)).at(-1)!;
    expect(last.body.text).toContain(
      'has checked in with you twice and has not heard back, so your place on the waiting list is now closed.',
    );
    expect(last.body.text).toContain('Samaritans: call 116 123');

    const [entry] = await theList(therapist.therapistId, 'status=lapsed');
    expect(entry).toMatchObject({
      checkIns: { sent: 2, unanswered: 2 },
      closedAt: new Date(start + 12 * WEEK).toISOString(),
    });
    expect((await storedItem(keys.waitingEntry(therapist.therapistId, entry!.entryId)))?.ttl).toBe(
      (start + 12 * WEEK + 90 * DAY) / 1000,
    );
    expect(await pendingTimersOf(therapist.therapistId)).toEqual([]);
    expect(await theSweepRuns(new Date(start + 20 * WEEK))).toMatchObject({ fired: 0 });
  });

  it('keeping the place resets the count, and a late sweep does not move the schedule', async () => {
    clock.set(new Date(start));
    const therapist = await aFullTherapist();
    const { client } = await someoneWrites(therapist);
    await theOutboxIsDelivered();

    // The sweep was down for a day: the check-in goes late, the next is still six weeks after this one was due.
    await theSweepRuns(new Date(start + 6 * WEEK + DAY));
    await theOutboxIsDelivered();
    const [, checkIn] = await emailsFor(client.email);
    clock.set(new Date(start + 6 * WEEK + 2 * DAY));
    const stay = linkIn(checkIn!, 'Keep my place');
    expect((await personPresses(stay, seenOn(await personOpens(stay)))).status).toBe(200);

    await theSweepRuns(new Date(start + 12 * WEEK));
    const [second] = await sent(client.email);
    expect(second).toMatchObject({
      template: 'waiting-list-check-in',
      data: { closesThen: false, nextAt: new Date(start + 18 * WEEK).toISOString() },
    });
    expect((await theList(therapist.therapistId))[0]!.checkIns).toMatchObject({
      sent: 2,
      unanswered: 1,
      lastAnsweredAt: new Date(start + 6 * WEEK + 2 * DAY).toISOString(),
    });
  });
});

describe.runIf(handlerMode)('an offer whose invitation ends while a booking request waits', () => {
  it('waits for the therapist’s answer, and the person is not taken off the list meanwhile', async () => {
    clock.set(new Date(start));
    // This practice confirms each booking by hand.
    const therapist = await aPractice(
      practice({ minimumNoticeMinutes: 0, horizonDays: 60, requestExpiryHours: 24 * 14 }),
      weekdays('Europe/London'),
    );
    await therapistSetsNewClients(therapist.therapistId, { status: 'waiting-list' });
    const { client } = await someoneWrites(therapist);
    const [entry] = await theList(therapist.therapistId);
    const offered = await therapistOffers(therapist.therapistId, entry!.entryId);
    expect(offered.status, offered.text).toBe(200);

    // The person asks for a time near the end of the invitation (21 days).
    clock.set(new Date(start + 20 * DAY));
    const token = tokenOf(offered.json<{ bookingUrl: string }>().bookingUrl);
    const slot = (await clientListsSlots(token, 'from=2025-03-31&to=2025-04-04')).json<{ slots: { start: string }[] }>()
      .slots[0]!;
    const booked = await clientBooks(token, slot.start);
    expect(booked.json()).toMatchObject({ status: 'requested' });

    // The person cannot leave now, nor the therapist remove them: the request is what there is to answer.
    await theOutboxIsDelivered();
    const leave = linkIn(
      (await emailsFor(client.email)).find((e) => e.subject === 'A place with Sam Rivera')!,
      'Leave the waiting list',
    );
    expect((await personOpens(leave)).text).toContain('You have chosen a time with Sam Rivera');
    const removed = await therapistRemoves(therapist.therapistId, entry!.entryId);
    expect(removed.status).toBe(409);
    expect(removed.json()).toMatchObject({ reason: 'offer-taken-up' });

    await theSweepRuns(new Date(start + 21 * DAY + MINUTE));
    const [still] = await theList(therapist.therapistId);
    expect(still).toMatchObject({ status: 'offered', offersExpired: 0 });
    expect(
      (await pendingTimersOf(therapist.therapistId))
        .filter((t) => t.kind === 'waiting-offer-expiry')
        .map((t) => t.dueAt),
    ).toEqual([new Date(start + 22 * DAY + MINUTE).toISOString()]);

    expect(
      (await therapistActs(therapist.therapistId, booked.json<{ bookingId: string }>().bookingId, 'confirm')).status,
    ).toBe(200);
    await theSweepRuns(new Date(start + 22 * DAY + MINUTE));
    expect(await theList(therapist.therapistId)).toEqual([]);
    expect((await theList(therapist.therapistId, 'status=placed')).map((e) => e.entryId)).toEqual([entry!.entryId]);
    // Placed quietly: the booking emails said all there was to say.
    expect((await sent(client.email)).map((m) => m.template)).toEqual(['booking-confirmed']);
  });
});
