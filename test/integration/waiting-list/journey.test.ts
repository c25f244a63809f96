/**
 * A full therapist's waiting list, end to end: three people write and each is
 * told honestly they are on the list; the check-ins go out on time, once; one keeps their place by
 * link; the first is offered a place and books it; the second's offer runs out kindly and they then
 * leave by link; the third is taken off the list with a note. Every email is read back from the SES
 * emulator, and none carries what anyone wrote.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/store/keys.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, DAY, handlerMode, MINUTE } from '#test/support/driver.js';
import type { ReceivedEmail } from '#test/support/mailbox.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import { emailsFor, storedItem, theOutboxIsDelivered, wholeEmail } from '#test/support/steps/then.js';
import { theSweepRuns } from '#test/support/steps/when.js';
import { clientBooks, clientListsSlots, tokenOf } from '../bookings/steps.js';
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
  type Joined,
} from './steps.js';

useTestEnvironment();

const WEEK = 7 * DAY;
const joinedAt = Date.parse('2025-03-04T10:00:00Z'); // a Tuesday, London in GMT

/** Delivers what is queued, then every email to `address` — exactly `count` of them. */
async function exactly(address: string, count: number): Promise<ReceivedEmail[]> {
  await theOutboxIsDelivered();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = await emailsFor(address);
    if (found.length >= count || Date.now() > deadline) {
      expect(
        found.map((e) => e.subject),
        address,
      ).toHaveLength(count);
      return found;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(handlerMode)('a waiting list, from joining to a place', () => {
  let therapist: GivenTherapist;
  const people: Joined[] = [];
  let ids: string[] = [];
  const secrets = () =>
    people.flatMap((p) => [p.enquiry.message as string, p.enquiry.timePreferences as string, p.client.phone]);
  const privateEverywhere = (emails: ReceivedEmail[]) => {
    for (const email of emails) for (const secret of secrets()) expect(wholeEmail(email)).not.toContain(secret);
  };

  beforeAll(async () => {
    clock.set(new Date(joinedAt));
    therapist = await aFullTherapist({
      status: 'waiting-list',
      expectedWaitWeeks: 8,
      note: 'I hope to have space in the spring.',
    });
  });

  it('takes three people on the list, each with an honest acknowledgement, and tells the therapist without their words', async () => {
    for (let i = 0; i < 3; i++) {
      clock.set(new Date(joinedAt + i * MINUTE));
      const joined = await someoneWrites(therapist);
      expect(joined.reply.status, joined.reply.text).toBe(201);
      expect(joined.reply.json()).toMatchObject({
        status: 'waiting-list',
        enquiryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      people.push(joined);
    }
    for (const { client } of people) {
      const [ack] = await exactly(client.email, 1);
      const text = wholeEmail(ack!);
      expect(ack!.subject).toBe('Your message to Sam Rivera');
      expect(text).toContain(
        'Sam Rivera is full at the moment and cannot take on anyone new just now, so you are on their waiting list.',
      );
      expect(text).toContain('It is not about you or anything you wrote.');
      expect(text).toContain('about 8 weeks');
      expect(text).toContain('I hope to have space in the spring.');
      expect(text).toContain('When a place opens, Sam Rivera will email you a link to choose a time');
      expect(text).toContain('every 6 weeks');
      expect(linkIn(ack!, 'Leave the waiting list')).toMatch(/\/waiting-list\/[A-Za-z0-9_-]{43}$/);
      expect(text).toContain('Samaritans: call 116 123');
    }
    const notices = await exactly(therapist.email, 3);
    expect(notices.map((n) => n.subject)).toEqual([
      'New on your waiting list',
      'New on your waiting list',
      'New on your waiting list',
    ]);
    // The mailer sends in no particular order within a batch.
    people.forEach((p, i) =>
      expect(
        notices.some((n) =>
          n.body.text?.includes(`${p.client.name} wrote to you on Tuesday 4 March, 10:0${i} (London time)`),
        ),
      ).toBe(true),
    );
    privateEverywhere([...notices, ...(await Promise.all(people.map((p) => emailsFor(p.client.email)))).flat()]);

    // Behind sign-in: the list in joining order, with the message and how long each has waited.
    clock.set(new Date(joinedAt + 3 * DAY + 5 * MINUTE));
    const list = await theList(therapist.therapistId);
    ids = list.map((e) => e.entryId);
    expect(list.map((e) => [e.position, e.name, e.message, e.waitedDays])).toEqual(
      people.map((p, i) => [i + 1, p.client.name, p.enquiry.message, 3]),
    );
  });

  it('checks in with each person on time, once', async () => {
    expect(await theSweepRuns(new Date(joinedAt + 6 * WEEK - MINUTE))).toMatchObject({ fired: 0 });
    for (const { client } of people) await exactly(client.email, 1);

    clock.set(new Date(joinedAt + 6 * WEEK + 5 * MINUTE));
    expect(await theSweepRuns()).toMatchObject({ fired: 3, failed: 0 });
    expect(await theSweepRuns()).toMatchObject({ fired: 0, failed: 0 });
    const standings = [
      'You are next on the list.',
      'There are only a few people ahead of you.',
      'There are only a few people ahead of you.',
    ];
    for (const [i, { client }] of people.entries()) {
      const [, checkIn] = await exactly(client.email, 2);
      expect(checkIn!.subject).toBe("Your place on Sam Rivera's waiting list");
      expect(checkIn!.body.text).toContain(
        "you are still on Sam Rivera's waiting list. You joined it on Tuesday 4 March.",
      );
      expect(checkIn!.body.text).toContain(standings[i]);
      expect(checkIn!.body.text).toContain('Sam Rivera will check in with you again around Tuesday 27 May.');
      expect(linkIn(checkIn!, 'Keep my place')).not.toBe(linkIn(checkIn!, 'Leave the waiting list'));
    }
    expect((await theList(therapist.therapistId)).map((e) => e.checkIns)).toEqual(
      ids.map((_, i) => ({
        sent: 1,
        unanswered: 1,
        lastSentAt: new Date(joinedAt + 6 * WEEK + 5 * MINUTE).toISOString(),
        nextAt: new Date(joinedAt + 12 * WEEK + i * MINUTE).toISOString(),
      })),
    );
  });

  it('lets the third keep their place from the check-in, asking first and acting once', async () => {
    const [, checkIn] = await emailsFor(people[2]!.client.email);
    const stay = linkIn(checkIn!, 'Keep my place');
    const page = await personOpens(stay);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain("Keep your place on Sam Rivera's waiting list?");
    expect((await theList(therapist.therapistId))[2]!.checkIns.unanswered).toBe(1); // opening the page changed nothing

    const done = await personPresses(stay, seenOn(page));
    expect(done.status).toBe(200);
    expect(done.text).toContain('Thank you. Your place is kept');
    expect(done.text).toContain('again around Tuesday 27 May');
    expect((await theList(therapist.therapistId))[2]!.checkIns).toMatchObject({ unanswered: 0 });
    const again = await personPresses(stay);
    expect(again.status).toBe(410);
    expect(again.text).toContain('This link has already been used');
  });

  it('offers the first a place, and they book it', async () => {
    clock.set(new Date(joinedAt + 6 * WEEK + DAY));
    const offered = await therapistOffers(therapist.therapistId, ids[0]!, 'A place has opened on Tuesday mornings.');
    expect(offered.status, offered.text).toBe(200);
    expect(offered.json()).toMatchObject({
      entryId: ids[0],
      status: 'offered',
      offerExpiresAt: new Date(joinedAt + 9 * WEEK + DAY).toISOString(),
    });

    const emails = await exactly(people[0]!.client.email, 3);
    const offer = emails[2]!;
    expect(offer.subject).toBe('A place with Sam Rivera');
    expect(offer.body.text).toContain('A place has opened with Sam Rivera, and it is yours if you would like it.');
    expect(offer.body.text).toContain('A place has opened on Tuesday mornings.');
    expect(offer.body.text).toContain(
      'If now is not a good time, you do not need to reply. You will keep your place on the list',
    );
    const token = tokenOf(linkIn(offer, 'Choose a time'));
    expect(token).toBe(tokenOf(offered.json<{ bookingUrl: string }>().bookingUrl));

    const slots = await clientListsSlots(token);
    const start = slots.json<{ slots: { start: string }[] }>().slots[0]!.start;
    const booked = await clientBooks(token, start);
    expect(booked.status, booked.text).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'confirmed' });
    await exactly(people[0]!.client.email, 4); // the confirmation
  });

  it('offers the second a place that runs out kindly: they keep their place and the therapist is told', async () => {
    const offered = await therapistOffers(therapist.therapistId, ids[1]!);
    expect(offered.status, offered.text).toBe(200);
    expect((await therapistOffers(therapist.therapistId, ids[1]!)).status).toBe(409);
    await exactly(people[1]!.client.email, 3);
    const notices = await exactly(therapist.email, 4); // + the first's booking
    expect(notices.at(-1)!.subject).not.toBe('A place is free again');

    clock.set(new Date(joinedAt + 9 * WEEK + DAY + MINUTE));
    expect(await theSweepRuns()).toMatchObject({ fired: 2, failed: 0 });
    const [, , , expired] = await exactly(people[1]!.client.email, 4);
    expect(expired!.subject).toBe("Your place on Sam Rivera's waiting list");
    expect(expired!.body.text).toContain(
      'On Wednesday 16 April, Sam Rivera sent you a link to choose a time. That link has now closed',
    );
    expect(expired!.body.text).toContain(
      'You are still on the waiting list, in the same place. You do not need to do anything.',
    );
    const free = (await exactly(therapist.email, 5))[4]!;
    expect(free.subject).toBe('A place is free again');
    expect(free.body.text).toContain(
      `The place you offered ${people[1]!.client.name} on Wednesday 16 April was not taken up before the link closed.`,
    );

    // The first took up their place and is off the list; the second is back in theirs.
    const list = await theList(therapist.therapistId);
    expect(list.map((e) => [e.entryId, e.status, e.position])).toEqual([
      [ids[1], 'waiting', 1],
      [ids[2], 'waiting', 2],
    ]);
    expect(list[0]).toMatchObject({
      offersExpired: 1,
      checkIns: { nextAt: new Date(joinedAt + 15 * WEEK + DAY + MINUTE).toISOString() },
    });
    expect((await theList(therapist.therapistId, 'status=placed')).map((e) => e.entryId)).toEqual([ids[0]]);
    expect((await storedItem(keys.waitingEntry(therapist.therapistId, ids[0]!)))?.ttl).toBeUndefined();
  });

  it('lets the second leave by the link in that note, with a kind confirmation', async () => {
    const expired = (await emailsFor(people[1]!.client.email))[3]!;
    const leave = linkIn(expired, 'Leave the waiting list');
    const page = await personOpens(leave);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Leave Sam Rivera's waiting list?");
    const done = await personPresses(leave, seenOn(page));
    expect(done.status).toBe(200);
    expect(done.text).toContain("You have left Sam Rivera's waiting list");
    expect(done.text).toContain('116 123');

    const closing = (await exactly(people[1]!.client.email, 5))[4]!;
    expect(closing.body.text).toContain(
      "This note is to say that you have left Sam Rivera's waiting list, as you asked.",
    );
    expect(closing.body.text).toContain('Samaritans: call 116 123');
    const stored = await storedItem(keys.waitingEntry(therapist.therapistId, ids[1]!));
    expect(stored).toMatchObject({ status: 'left' });
    expect(stored?.ttl).toBe(Math.floor((clock.now().getTime() + 90 * DAY) / 1000));
  });

  it('takes the third off the list with the therapist’s note, kindly', async () => {
    const removed = await therapistRemoves(
      therapist.therapistId,
      ids[2]!,
      'I cannot see space opening this year.\nI wish you well.',
    );
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json()).toMatchObject({ entryId: ids[2], status: 'removed' });
    expect((await therapistRemoves(therapist.therapistId, ids[2]!)).status).toBe(409);

    const closing = (await exactly(people[2]!.client.email, 3))[2]!;
    expect(closing.subject).toBe("Your place on Sam Rivera's waiting list");
    expect(closing.body.text).toContain(
      'Sam Rivera has taken you off the waiting list. This is about how much time Sam Rivera has. It is not about you',
    );
    expect(closing.body.text).toContain('  I cannot see space opening this year.\n  I wish you well.');
    expect(closing.body.text).toContain('Samaritans: call 116 123');

    expect(await theList(therapist.therapistId)).toEqual([]);
    expect((await theList(therapist.therapistId, 'status=removed'))[0]).toMatchObject({
      entryId: ids[2],
      note: 'I cannot see space opening this year.\nI wish you well.',
    });
    // Nothing is left to fire for anyone: every check-in and offer timer went with the change that ended it.
    expect((await pendingTimersOf(therapist.therapistId)).filter((t) => String(t.kind).startsWith('waiting-'))).toEqual(
      [],
    );
    privateEverywhere([
      ...(await emailsFor(therapist.email)),
      ...(await Promise.all(people.map((p) => emailsFor(p.client.email)))).flat(),
    ]);
  });
});
