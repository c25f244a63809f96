/**
 * Erasure covers the waiting list: a person's entry (with their message), its guard, the invitation
 * of a place offered and every timer go; someone else's entry stays; their links then lead to a
 * kind "not on the list" page, and nothing queued reaches them.
 */
import { describe, expect, it } from 'vitest';
import { clock, handlerMode } from '#test/support/driver.js';
import { useTestEnvironment } from '#test/support/environment.js';
import { aClient } from '#test/support/steps/given.js';
import { hashOf, mentions, partition, therapistErases } from '../erasure/steps.js';
import { aFullTherapist, personOpens, someoneWrites, theList, therapistOffers } from './steps.js';
import { getRuntime } from '#shared/runtime.js';
import { issueWaitingLink } from '#shared/use-cases/waiting-list/links.js';
import { writeTransaction } from '#shared/store/transaction.js';

useTestEnvironment();

const zeros = {
  enquiries: 0,
  waitingListEntries: 0,
  clients: 0,
  bookings: 0,
  returnRequests: 0,
  invitations: 0,
  timers: 0,
  locks: 0,
  guards: 0,
};

describe.runIf(handlerMode)('erasing someone on the waiting list', () => {
  it('removes their entry, its guard, an offered place and its timers, and nothing of anyone else', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const therapist = await aFullTherapist();
    const person = aClient();
    const other = aClient();
    await someoneWrites(therapist, person);
    await someoneWrites(therapist, other);
    const [entry, otherEntry] = await theList(therapist.therapistId);
    expect((await therapistOffers(therapist.therapistId, entry!.entryId)).status).toBe(200);
    const { db, config } = getRuntime();
    const leave = issueWaitingLink(
      config.settings,
      getRuntime().store,
      'waiting-leave',
      therapist.therapistId,
      entry!.entryId,
      clock.now(),
    );
    await writeTransaction(db, [leave.put]);

    const needles = [person.email, hashOf(person.email), entry!.entryId];
    expect(
      new Set((await partition(therapist.therapistId)).filter((i) => mentions(i, needles)).map((i) => i.entity)),
    ).toEqual(new Set(['waiting-entry', 'waiting-guard', 'invitation', 'timer']));

    const erased = await therapistErases(therapist.therapistId, { email: person.email, confirm: true });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json()).toEqual({
      erased: { ...zeros, waitingListEntries: 1, invitations: 1, timers: 1, guards: 1 },
    });
    expect(mentions(await partition(therapist.therapistId), needles)).toBe(false);
    expect((await theList(therapist.therapistId)).map((e) => e.entryId)).toEqual([otherEntry!.entryId]);

    const page = await personOpens(leave.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain("You are no longer on Sam Rivera's waiting list");
    expect((await therapistErases(therapist.therapistId, { email: person.email, confirm: true })).json()).toEqual({
      erased: zeros,
    });
  });
});
