/**
 * When an offered place's invitation ends: taken up (booked) → the person is placed and leaves the
 * list; a booking request still waiting for the therapist → look again in a day; not taken up → the
 * person keeps their place (a kind note, with a way to leave), check-ins start again, and the
 * therapist is told the place is free to offer to the next person.
 */
import { closeEntry, offerNotTakenUp, recheckOffer, type WaitingEntry } from '#shared/domain/waiting-list.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { readOncePerRun, therapistOf, type UseCaseDeps } from '../deps.js';
import { offerExpiredEmail, placeFreeEmail } from '../waiting-list/emails.js';
import { fireEntryTimer } from '../waiting-list/entry-change.js';
import { issueWaitingLink } from '../waiting-list/links.js';
import type { TimerOutcome } from './fire.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function fireWaitingOfferExpiry(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { config } = deps;
  const { settings } = config;
  const [therapist, practice] = await Promise.all([
    therapistOf(deps, timer.therapistId),
    readOncePerRun(deps, `practice#${timer.therapistId}`, () => deps.store.scheduling.getSettings(timer.therapistId)),
  ]);

  return fireEntryTimer(deps, timer, now, async (entry) => {
    if (!therapist || !entry || entry.status !== 'offered' || entry.offer?.timerId !== timer.timerId) return undefined;
    const offer = entry.offer;
    const invitation = await deps.store.invitations.get(therapist.therapistId, offer.invitationId, now);
    if (!invitation) return undefined;
    const write = (next: WaitingEntry) => deps.store.waitingList.write(next, entry, settings.retentionDays);
    const armOffer = (next: WaitingEntry, dueAt: Date) =>
      deps.store.timers.put(
        {
          timerId: next.offer!.timerId,
          therapistId: therapist.therapistId,
          kind: 'waiting-offer-expiry',
          subjectId: entry.entryId,
          dueAt: dueAt.toISOString(),
        },
        settings.timerShards,
      );

    if (invitation.status === 'booked') return write(closeEntry(entry, 'placed', now));
    if (invitation.status === 'pending') {
      const next = recheckOffer(entry);
      return [...write(next), armOffer(next, new Date(now.getTime() + DAY_MS))];
    }
    // Still open and still bookable (the invitation was made longer than the offer thought): wait for its end.
    if (Date.parse(invitation.expiresAt) > now.getTime()) {
      const next = recheckOffer(entry);
      return [...write(next), armOffer(next, new Date(invitation.expiresAt))];
    }
    const next = offerNotTakenUp(entry, now, practice.settings.waitingListCheckInWeeks);
    const leave = issueWaitingLink(settings, deps.store, 'waiting-leave', therapist.therapistId, entry.entryId, now);
    return [
      ...write(next),
      leave.put,
      outboxPut(deps.store, offerExpiredEmail(therapist, entry, offer.offeredAt, leave.url, now), now),
      outboxPut(deps.store, placeFreeEmail(deps, therapist, entry, 'offer-expired', offer.offeredAt, now), now),
      deps.store.timers.put(
        {
          timerId: next.checkIns.timerId!,
          therapistId: therapist.therapistId,
          kind: 'waiting-check-in',
          subjectId: entry.entryId,
          dueAt: next.checkIns.nextAt!,
        },
        settings.timerShards,
      ),
    ];
  });
}
