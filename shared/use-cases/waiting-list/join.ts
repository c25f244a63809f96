/**
 * First contact to a therapist who is full: the person joins the waiting list instead. One
 * TransactWriteItems: the entry, the one-open-entry guard, the leave link, the acknowledgement, the
 * therapist's notice (no message text) and the first check-in timer (6 items).
 *
 * Someone already on the list gets the same answer as someone joining, in the same time (a floor
 * well above both paths), and nothing is written or sent again: whether an address is on a
 * therapist's waiting list is not for whoever types it to learn.
 */
import { randomUUID } from 'node:crypto';
import { joinWaitingList } from '#shared/domain/waiting-list.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { answerNoSoonerThan, steadyAnswerMs } from '#shared/http/steady-timing.js';
import { newId } from '#shared/ids.js';
import { failedConditionIndex, guardIndexInJoin } from '#shared/store/index.js';
import type { FirstContactTherapist } from '#shared/store/new-clients.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { StoredWaitingEntry } from '#shared/store/waiting-list.js';
import type { UseCaseDeps } from '../deps.js';
import type { FirstContact } from '#shared/domain/first-contact.js';
import { issueWaitingLink, waitingListUrl } from './links.js';

export interface JoinInput {
  found: FirstContactTherapist;
  submission: FirstContact;
  /** Normalised address and its keyed hash. */
  email: string;
  emailHash: string;
  now: Date;
}

export interface JoinResult {
  /** Random: a public answer must not say when (or whether) this person joined before. */
  enquiryId: string;
  outcome: 'joined' | 'already-waiting';
}

export const joinFromFirstContact = (deps: UseCaseDeps, input: JoinInput): Promise<JoinResult> =>
  answerNoSoonerThan(steadyAnswerMs, () => join(deps, input));

async function join(deps: UseCaseDeps, input: JoinInput): Promise<JoinResult> {
  const { config } = deps;
  const { settings } = config;
  const { found, submission, now } = input;
  const { therapist, policy, checkInWeeks } = found;
  const therapistId = therapist.therapistId;

  const entry: StoredWaitingEntry = {
    ...joinWaitingList({
      entryId: newId(now),
      therapistId,
      name: submission.name,
      email: input.email,
      ...(submission.phone ? { phone: submission.phone } : {}),
      preferredContact: submission.preferredContact,
      ...(submission.message ? { message: submission.message } : {}),
      ...(submission.timePreferences ? { timePreferences: submission.timePreferences } : {}),
      consentVersion: submission.consentVersion,
      now,
      checkInWeeks,
    }),
    emailHash: input.emailHash,
  };
  const publicId = randomUUID();
  const leave = issueWaitingLink(settings, deps.store, 'waiting-leave', therapistId, entry.entryId, now);
  const common = { therapistId, fromName: therapist.displayName };
  const joined: OutboxMessage = {
    ...common,
    id: newId(now),
    to: { email: entry.email, name: entry.name },
    template: 'waiting-list-joined',
    data: {
      clientName: entry.name,
      therapistName: therapist.displayName,
      ...(policy.expectedWaitWeeks ? { expectedWaitWeeks: policy.expectedWaitWeeks } : {}),
      ...(policy.note ? { note: policy.note } : {}),
      checkInWeeks,
      leaveUrl: leave.url,
    },
  };
  const notice: OutboxMessage = {
    ...common,
    id: newId(now),
    to: { email: therapist.email, name: therapist.displayName },
    template: 'waiting-list-new',
    data: {
      therapistName: therapist.displayName,
      clientName: entry.name,
      joinedAt: entry.joinedAt,
      timeZone: therapist.timeZone,
      preferredContact: entry.preferredContact,
      hasMessage: Boolean(entry.message),
      hasTimePreferences: Boolean(entry.timePreferences),
      waitingListUrl: waitingListUrl(settings),
    },
  };
  const checkIn = deps.store.timers.put(
    {
      timerId: entry.checkIns.timerId!,
      therapistId,
      kind: 'waiting-check-in',
      subjectId: entry.entryId,
      dueAt: entry.checkIns.nextAt!,
    },
    settings.timerShards,
  );

  try {
    await deps.store.transact([
      ...deps.store.waitingList.create(entry, publicId, settings.retentionDays),
      leave.put,
      outboxPut(deps.store, joined, now),
      outboxPut(deps.store, notice, now),
      checkIn,
    ]);
  } catch (error) {
    if (failedConditionIndex(error) !== guardIndexInJoin) throw error;
    const earlier = await deps.store.waitingList.findGuard(therapistId, input.emailHash);
    if (!earlier) throw error;
    return { enquiryId: earlier.publicId, outcome: 'already-waiting' };
  }
  return { enquiryId: publicId, outcome: 'joined' };
}
