/** The waiting list's rules, without I/O: who may be offered, left, closed, and when check-ins fall. */
import { describe, expect, it } from 'vitest';
import { newClientPolicySchema } from '#shared/domain/new-clients.js';
import {
  checkInSent,
  closeEntry,
  closesInsteadOfCheckingIn,
  joinWaitingList,
  offerNotTakenUp,
  offerPlace,
  recheckOffer,
  standingOf,
  stayOnList,
  waitedDays,
  WaitingEntryMovedOn,
  type WaitingEntry,
} from '#shared/domain/waiting-list.js';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2025-03-04T10:00:00Z');
const joined = (): WaitingEntry =>
  joinWaitingList({
    entryId: '01jp0000000000000000000000',
    therapistId: 't',
    name: 'Alex',
    email: 'alex@client.test',
    preferredContact: 'email',
    consentVersion: '1',
    now,
    checkInWeeks: 6,
  });
const offer = { invitationId: 'inv', expiresAt: '2025-03-25T10:00:00.000Z' };

describe('a waiting-list entry', () => {
  it('starts waiting, with its first check-in armed checkInWeeks after joining', () => {
    const entry = joined();
    expect(entry).toMatchObject({
      status: 'waiting',
      version: 1,
      offersExpired: 0,
      checkIns: {
        sent: 0,
        unanswered: 0,
        nextAt: '2025-04-15T10:00:00.000Z',
        timerId: 'waiting-check-in#01jp0000000000000000000000#1',
      },
    });
  });

  it('can be offered a place once; the offer stops check-ins and names its own timer', () => {
    const offered = offerPlace(joined(), offer, now);
    expect(offered).toMatchObject({
      status: 'offered',
      version: 2,
      offer: { ...offer, offeredAt: now.toISOString(), timerId: 'waiting-offer-expiry#01jp0000000000000000000000#2' },
    });
    expect(offered.checkIns.timerId).toBeUndefined();
    expect(() => offerPlace(offered, offer, now)).toThrow(WaitingEntryMovedOn);
    expect(() => offerPlace(closeEntry(joined(), 'left', now), offer, now)).toThrow(/has left your waiting list/);
  });

  it('keeps its place when an offer is not taken up, and check-ins start again from then', () => {
    const later = new Date(now.getTime() + 21 * DAY);
    const back = offerNotTakenUp(offerPlace(joined(), offer, now), later, 6);
    expect(back).toMatchObject({
      status: 'waiting',
      offersExpired: 1,
      lastOfferExpiredAt: later.toISOString(),
      checkIns: { nextAt: '2025-05-06T10:00:00.000Z' },
    });
    expect(back.offer).toBeUndefined();
    expect(back.checkIns.timerId).toBe('waiting-check-in#01jp0000000000000000000000#3');
    expect(() => offerNotTakenUp(back, later, 6)).toThrow(WaitingEntryMovedOn);
  });

  it('re-arms an offer under a new timer id while a request waits', () => {
    const offered = offerPlace(joined(), offer, now);
    expect(recheckOffer(offered).offer!.timerId).toBe('waiting-offer-expiry#01jp0000000000000000000000#3');
  });

  it('counts unanswered check-ins, resets them on an answer, and closes at the third after two in a row', () => {
    let entry = joined();
    entry = checkInSent(entry, new Date('2025-04-15T10:05:00Z'), new Date('2025-04-15T10:00:00Z'), 6);
    expect(entry.checkIns).toMatchObject({ sent: 1, unanswered: 1, nextAt: '2025-05-27T10:00:00.000Z' });
    expect(closesInsteadOfCheckingIn(entry)).toBe(false);
    entry = stayOnList(entry, now);
    expect(entry.checkIns.unanswered).toBe(0);
    entry = checkInSent(entry, now, now, 6);
    entry = checkInSent(entry, now, now, 6);
    expect(closesInsteadOfCheckingIn(entry)).toBe(true);
    expect(closeEntry(entry, 'lapsed', now)).toMatchObject({ status: 'lapsed', closedAt: now.toISOString() });
  });

  it('arms the next check-in from when this one was due, unless that is already past', () => {
    const entry = joined();
    const onTime = checkInSent(entry, new Date('2025-04-16T10:00:00Z'), new Date('2025-04-15T10:00:00Z'), 6);
    expect(onTime.checkIns.nextAt).toBe('2025-05-27T10:00:00.000Z');
    const veryLate = checkInSent(entry, new Date('2025-06-01T10:00:00Z'), new Date('2025-04-15T10:00:00Z'), 6);
    expect(veryLate.checkIns.nextAt).toBe('2025-07-13T10:00:00.000Z');
  });

  it('closes only from the list, and only the way each status allows', () => {
    expect(() => closeEntry(joined(), 'placed', now)).toThrow(WaitingEntryMovedOn);
    expect(() => closeEntry(offerPlace(joined(), offer, now), 'lapsed', now)).toThrow(WaitingEntryMovedOn);
    const removed = closeEntry(joined(), 'removed', now, 'A note');
    expect(removed).toMatchObject({ status: 'removed', note: 'A note' });
    expect(() => stayOnList(removed, now)).toThrow(WaitingEntryMovedOn);
  });

  it('tells where things stand in rough words only, and how long someone has waited', () => {
    expect([0, 1, 3, 4, 40].map(standingOf)).toEqual(['next', 'near', 'near', 'further', 'further']);
    expect(waitedDays(joined(), new Date(now.getTime() + 10 * DAY - 1))).toBe(9);
  });
});

describe('the new-client status', () => {
  it('trims the note, drops a blank one, and keeps an expected wait only for the waiting list', () => {
    expect(newClientPolicySchema.parse({ status: 'closed', note: '   ' })).toEqual({
      status: 'closed',
      note: undefined,
    });
    expect(newClientPolicySchema.safeParse({ status: 'closed', expectedWaitWeeks: 3 }).success).toBe(false);
    expect(newClientPolicySchema.parse({ status: 'waiting-list', expectedWaitWeeks: 3 })).toMatchObject({
      status: 'waiting-list',
      expectedWaitWeeks: 3,
    });
  });
});
