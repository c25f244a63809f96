/**
 * One outcome when changes race: two offers of one entry, an offer and the person leaving, or the
 * same leave pressed twice. Conditional writes on the entry's version decide; the loser writes and
 * sends nothing. Each race runs many times with Promise.all (a race shows only sometimes).
 */
import { describe, expect, it } from 'vitest';
import { useTestEnvironment } from '#test/support/environment.js';
import { clock, handlerMode } from '#test/support/driver.js';
import type { GivenTherapist } from '#test/support/steps/given.js';
import { pendingOutboxTo, scanAll, storedItem } from '#test/support/steps/then.js';
import { keys } from '#shared/store/keys.js';
import { getRuntime } from '#shared/runtime.js';
import { waitingLinkUrl, issueWaitingLink } from '#shared/use-cases/waiting-list/links.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { aFullTherapist, personPresses, someoneWrites, theList, therapistOffers, type Joined } from './steps.js';

useTestEnvironment();

const rounds = Number(process.env.WAITING_RACE_ROUNDS ?? 10);
// Each round joins (on the 250 ms floor), races and reads the table back: minutes on a busy machine.
const timeout = 180_000;

async function anEntry(therapist: GivenTherapist): Promise<{ joined: Joined; entryId: string }> {
  const joined = await someoneWrites(therapist);
  expect(joined.reply.status).toBe(201);
  const entry = (await theList(therapist.therapistId)).find((e) => e.email === joined.client.email)!;
  return { joined, entryId: entry.entryId };
}

/** A fresh leave link for the entry (what the acknowledgement carries), without going through the mailbox. */
async function aLeaveLink(therapistId: string, entryId: string): Promise<string> {
  const { db, config } = getRuntime();
  const link = issueWaitingLink(
    config.settings,
    getRuntime().store,
    'waiting-leave',
    therapistId,
    entryId,
    clock.now(),
  );
  await writeTransaction(db, [link.put]);
  expect(link.url).toBe(waitingLinkUrl(config.settings, link.token));
  return link.url;
}

const templatesTo = async (email: string) => (await pendingOutboxTo(email)).map((o) => o.message.template).sort();
const invitationsFor = async (entryId: string) =>
  scanAll('entity = :invitation AND enquiryId = :entry', { ':invitation': 'invitation', ':entry': entryId });

describe.runIf(handlerMode)('racing changes to one waiting-list entry', () => {
  it(
    'two offers of the same entry at once: one offer, one invitation, one email',
    async () => {
      clock.set('2025-03-04T10:00:00Z');
      const therapist = await aFullTherapist();
      for (let round = 0; round < rounds; round++) {
        const { joined, entryId } = await anEntry(therapist);
        const answers = await Promise.all([
          therapistOffers(therapist.therapistId, entryId),
          therapistOffers(therapist.therapistId, entryId),
        ]);
        expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join('\n')).toEqual([200, 409]);
        expect(answers.find((a) => a.status === 409)!.json()).toMatchObject({ entryStatus: 'offered' });
        expect(await templatesTo(joined.client.email)).toEqual(['waiting-list-joined', 'waiting-list-offer']);
        expect(await invitationsFor(entryId)).toHaveLength(1);
        expect(await storedItem(keys.waitingEntry(therapist.therapistId, entryId))).toMatchObject({
          status: 'offered',
          version: 2,
        });
      }
    },
    timeout,
  );

  it(
    'an offer and the person leaving at once: either they are offered a place or they have left, never both',
    async () => {
      clock.set('2025-03-04T10:00:00Z');
      const therapist = await aFullTherapist();
      const outcomes = new Set<string>();
      for (let round = 0; round < rounds; round++) {
        const { joined, entryId } = await anEntry(therapist);
        const leave = await aLeaveLink(therapist.therapistId, entryId);
        // The person's page showed them waiting: that is what their press sends back.
        const [offer, left] = await Promise.all([
          therapistOffers(therapist.therapistId, entryId),
          personPresses(leave, 'waiting'),
        ]);
        const stored = await storedItem(keys.waitingEntry(therapist.therapistId, entryId));
        const sent = await templatesTo(joined.client.email);
        if (offer.status === 200) {
          expect(left.status, left.text).toBe(409);
          expect(left.text).toContain('Something changed a moment ago, so nothing was done.');
          expect(stored).toMatchObject({ status: 'offered' });
          expect(sent).toEqual(['waiting-list-joined', 'waiting-list-offer']);
          expect(await invitationsFor(entryId)).toHaveLength(1);
          // The link was not spent: the person can still leave, knowing about the offer.
          expect((await personPresses(leave, 'offered')).status).toBe(200);
          outcomes.add('offered');
        } else {
          expect(offer.status, offer.text).toBe(409);
          expect(left.status, left.text).toBe(200);
          expect(stored).toMatchObject({ status: 'left' });
          expect(sent).toEqual(['waiting-list-closed', 'waiting-list-joined']);
          expect(await invitationsFor(entryId)).toHaveLength(0);
          outcomes.add('left');
        }
      }
      // Which side wins is up to timing; what matters is that each round had one.
      expect(outcomes.size).toBeGreaterThan(0);
    },
    timeout,
  );

  // A double press may find the person already off the list (and say so: 200) or the link spent (410).
  it(
    'the same leave pressed twice: one leave, one closing email, and every answer true',
    async () => {
      clock.set('2025-03-04T10:00:00Z');
      const therapist = await aFullTherapist();
      for (let round = 0; round < Math.ceil(rounds / 2); round++) {
        const { joined, entryId } = await anEntry(therapist);
        const leave = await aLeaveLink(therapist.therapistId, entryId);
        const answers = await Promise.all([personPresses(leave, 'waiting'), personPresses(leave, 'waiting')]);
        for (const answer of answers) {
          if (answer.status === 200) expect(answer.text).toContain("You have left Sam Rivera's waiting list");
          else expect([answer.status, answer.text.includes('This link has already been used')]).toEqual([410, true]);
        }
        expect(await storedItem(keys.waitingEntry(therapist.therapistId, entryId))).toMatchObject({
          status: 'left',
          version: 2,
        });
        expect(await templatesTo(joined.client.email)).toEqual(['waiting-list-closed', 'waiting-list-joined']);
      }
    },
    timeout,
  );
});
