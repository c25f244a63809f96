/**
 * Taking someone off the list, by the therapist (remove, with an optional note) or by the person
 * (leave, from their link): one transaction with the entry closed on the version read, its pending
 * timer deleted, an open offer's invitation withdrawn, and a kind email. Refused while the person
 * has asked for a time with the offer: that booking is what there is to change.
 */
import { StateConflict } from '#shared/domain/errors.js';
import { closeEntry, onTheList, WaitingEntryMovedOn, type WaitingEntry } from '#shared/domain/waiting-list.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { StoredWaitingEntry } from '#shared/store/waiting-list.js';
import type { UseCaseDeps } from '../deps.js';
import { closedEmail, placeFreeEmail } from './emails.js';

/** The person has asked for (or booked) a time with the place offered. */
export class OfferTakenUp extends StateConflict {
  constructor(readonly entry: Pick<WaitingEntry, 'name'>) {
    super(
      `${entry.name} has already chosen a time with the place you offered, so they are no longer waiting. To change that, confirm, decline or cancel the booking instead.`,
      { reason: 'offer-taken-up' },
    );
  }
}

export interface ClosingWrites {
  items: TransactItem[];
  next: WaitingEntry;
}

/** The writes that take `entry` off the list as `status`; the entry's write first. */
export async function closingWrites(
  deps: UseCaseDeps,
  therapist: TherapistProfile,
  entry: StoredWaitingEntry,
  how: { status: 'removed'; note?: string } | { status: 'left' },
  now: Date,
): Promise<ClosingWrites> {
  const { config } = deps;
  const { settings } = config;
  if (!onTheList(entry)) throw new WaitingEntryMovedOn(entry);
  const note = how.status === 'removed' ? how.note : undefined;
  const next = closeEntry(entry, how.status, now, note);
  const items: TransactItem[] = [...deps.store.waitingList.write(next, entry, settings.retentionDays)];
  if (entry.checkIns.timerId) items.push(deps.store.timers.delete(therapist.therapistId, entry.checkIns.timerId));
  const offer = entry.offer;
  if (entry.status === 'offered' && offer) {
    const invitation = await deps.store.invitations.get(therapist.therapistId, offer.invitationId, now);
    if (invitation && invitation.status !== 'open') throw new OfferTakenUp(entry);
    items.push(deps.store.timers.delete(therapist.therapistId, offer.timerId));
    if (invitation) items.push(deps.store.invitations.withdraw(therapist.therapistId, offer.invitationId, now));
    // The person let the place go: the therapist can offer it to the next person.
    if (how.status === 'left')
      items.push(outboxPut(deps.store, placeFreeEmail(deps, therapist, entry, 'left', offer.offeredAt, now), now));
  }
  items.push(outboxPut(deps.store, closedEmail(therapist, entry, how.status, now, note), now));
  return { items, next };
}
