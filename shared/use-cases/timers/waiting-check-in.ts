/**
 * A check-in with someone on the waiting list: a short note (still on the list, roughly where things
 * stand, stay or leave), the next check-in armed in the same transaction. When the two before it
 * went unanswered, the place closes kindly instead.
 */
import {
  checkInSent,
  closeEntry,
  closesInsteadOfCheckingIn,
  standingOf,
  unansweredCheckInsBeforeClosing,
} from '#shared/domain/waiting-list.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { readOncePerRun, therapistOf, type UseCaseDeps } from '../deps.js';
import { checkInEmail, closedEmail } from '../waiting-list/emails.js';
import { fireEntryTimer } from '../waiting-list/entry-change.js';
import { issueWaitingLink } from '../waiting-list/links.js';
import type { TimerOutcome } from './fire.js';

export async function fireWaitingCheckIn(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const { config } = deps;
  const { settings } = config;
  const [therapist, practice] = await Promise.all([
    therapistOf(deps, timer.therapistId),
    readOncePerRun(deps, `practice#${timer.therapistId}`, () => deps.store.scheduling.getSettings(timer.therapistId)),
  ]);
  const weeks = practice.settings.waitingListCheckInWeeks;

  return fireEntryTimer(deps, timer, now, async (entry) => {
    // Only the check-in the entry names is live: an offer or a close since has moved on from it.
    if (!therapist || !entry || entry.status !== 'waiting' || entry.checkIns.timerId !== timer.timerId)
      return undefined;
    if (closesInsteadOfCheckingIn(entry)) {
      const closed = closeEntry(entry, 'lapsed', now);
      return [
        ...deps.store.waitingList.write(closed, entry, settings.retentionDays),
        outboxPut(deps.store, closedEmail(therapist, entry, 'no-reply', now), now),
      ];
    }
    const ahead = await deps.store.waitingList.countAhead(timer.therapistId, entry);
    const next = checkInSent(entry, now, new Date(timer.dueAt), weeks);
    const stay = issueWaitingLink(settings, deps.store, 'waiting-stay', therapist.therapistId, entry.entryId, now);
    const leave = issueWaitingLink(settings, deps.store, 'waiting-leave', therapist.therapistId, entry.entryId, now);
    const email = checkInEmail(
      therapist,
      entry,
      {
        joinedAt: entry.joinedAt,
        standing: standingOf(ahead),
        nextAt: next.checkIns.nextAt!,
        closesThen: next.checkIns.unanswered >= unansweredCheckInsBeforeClosing,
        stayUrl: stay.url,
        leaveUrl: leave.url,
      },
      now,
    );
    return [
      ...deps.store.waitingList.write(next, entry, settings.retentionDays),
      stay.put,
      leave.put,
      outboxPut(deps.store, email, now),
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
