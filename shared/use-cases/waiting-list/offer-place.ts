/**
 * The therapist offers someone on the waiting list a place (POST /me/waiting-list/{id}/offer): a
 * consultation invitation through the same seam an accepted enquiry uses, worded as "a place has
 * opened", and a timer at the invitation's end that settles the offer (waiting-offer-expiry). One
 * transaction: the entry (waiting → offered, on the version read), its check-in timer deleted, the
 * invitation and its link, a leave link, the email, the offer timer. Two offers of one entry at
 * once: one commits, the other reads `offered` and is refused.
 */
import { NotFound } from '#shared/domain/errors.js';
import { offerPlace as offerRule, WaitingEntryMovedOn, type WaitingEntry } from '#shared/domain/waiting-list.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import {
  createConsultationInvitation as defaultInvitation,
  type CreateConsultationInvitation,
} from '../invitations/consultation-invitation.js';
import { offerEmail } from './emails.js';
import { changeEntry } from './entry-change.js';
import { issueWaitingLink } from './links.js';

export interface OfferInput {
  therapistId: string;
  entryId: string;
  note?: string;
  now: Date;
}

export interface OfferResult {
  entry: WaitingEntry;
  bookingUrl: string;
}

export async function offerPlace(
  deps: UseCaseDeps,
  input: OfferInput,
  createInvitation: CreateConsultationInvitation | undefined = defaultInvitation,
): Promise<OfferResult> {
  const { config } = deps;
  const { settings } = config;
  const { therapistId, now } = input;
  if (!createInvitation) throw new Error('No consultation invitations in this build');
  const therapist = await deps.store.therapists.get(therapistId);
  if (!therapist) throw new NotFound('waiting-list entry');

  return changeEntry(deps, therapistId, input.entryId, now, async (entry) => {
    if (entry.status !== 'waiting') throw new WaitingEntryMovedOn(entry);
    const invitation = await createInvitation(deps, {
      enquiry: { enquiryId: entry.entryId, name: entry.name, email: entry.email },
      therapist,
      now,
    });
    const next = offerRule(
      entry,
      {
        invitationId: invitation.invitationId,
        expiresAt: invitation.expiresAt,
        ...(input.note ? { note: input.note } : {}),
      },
      now,
    );
    const leave = issueWaitingLink(settings, deps.store, 'waiting-leave', therapistId, entry.entryId, now);
    const email = offerEmail(
      therapist,
      entry,
      {
        ...(input.note ? { note: input.note } : {}),
        bookingUrl: invitation.bookingUrl,
        invitationExpiresAt: invitation.expiresAt,
        durationMinutes: invitation.durationMinutes,
        leaveUrl: leave.url,
      },
      now,
    );
    return {
      items: [
        ...deps.store.waitingList.write(next, entry, settings.retentionDays),
        ...(entry.checkIns.timerId ? [deps.store.timers.delete(therapistId, entry.checkIns.timerId)] : []),
        ...invitation.transactItems,
        leave.put,
        outboxPut(deps.store, email, now),
        deps.store.timers.put(
          {
            timerId: next.offer!.timerId,
            therapistId,
            kind: 'waiting-offer-expiry',
            subjectId: entry.entryId,
            dueAt: invitation.expiresAt,
          },
          settings.timerShards,
        ),
      ],
      result: { entry: next, bookingUrl: invitation.bookingUrl },
    };
  });
}
