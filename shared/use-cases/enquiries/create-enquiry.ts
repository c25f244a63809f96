/**
 * First contact. A therapist who is full takes it on their waiting list instead (waiting-list/join.ts);
 * one who is closed refuses it kindly (409). One enquiry is one TransactWriteItems: the enquiry, the one-per-day guard, the two
 * one-click tokens, the acknowledgement to the client, the notification to the therapist, and the
 * nudge and expiry timers (8 items). The client's message is on the enquiry item only: it is never
 * in an outbox message and never logged.
 */
import { randomUUID } from 'node:crypto';
import type { Enquiry, PreferredContact } from '#shared/domain/enquiry.js';
import { duplicateWindowMs, expiryDueAt, nudgeDueAt, replyExpectedBy } from '#shared/domain/enquiry-rules.js';
import { NotFound, NotTakingMessages, RateLimited } from '#shared/domain/errors.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import {
  addressHash,
  crisisSupportOf,
  emailHash,
  failedConditionIndex,
  guardIndexInCreate,
  loadEmailHashKey,
  normaliseEmail,
  takesMessages,
  timerId,
} from '#shared/store/index.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { FirstContactTherapist } from '#shared/store/new-clients.js';
import type { EnquirySubmission } from '#shared/domain/first-contact.js';
import type { UseCaseDeps } from '../deps.js';
import { otherHelp } from '#shared/email/templates/voice.js';
import type { Settings } from '#shared/config.js';
import { joinFromFirstContact } from '../waiting-list/join.js';
import { notTakingNewClients } from '../waiting-list/new-clients.js';
import { enquiryUrl, issueActionLinks } from './action-links.js';

export interface CreateEnquiryInput {
  therapistId: string;
  submission: EnquirySubmission;
  sourceIp: string;
  now: Date;
}

/**
 * `outcome` is for the handler's log line; the client sees the same answer for every outcome of one
 * status. `status` is `waiting-list` when the therapist is full and the person joined their list
 * (or was on it already): the therapist's status is public, so saying it reveals nothing.
 */
export interface CreateEnquiryResult {
  enquiryId: string;
  status: 'received' | 'waiting-list';
  outcome: 'created' | 'duplicate' | 'honeypot' | 'joined' | 'already-waiting';
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A therapist ops have disabled: kind, with other help and the crisis lines their clients see. */
const notTakingMessages = (
  found: FirstContactTherapist,
  settings: Pick<Settings, 'crisisLines' | 'crisisRegion'>,
): NotTakingMessages =>
  new NotTakingMessages(found.therapist.displayName, otherHelp, crisisSupportOf(found.therapist, settings).lines);

export async function createEnquiry(deps: UseCaseDeps, input: CreateEnquiryInput): Promise<CreateEnquiryResult> {
  const { config } = deps;
  const { settings } = config;
  const { submission, now, therapistId } = input;

  // A bot gets an answer that looks like a person's, and nothing is stored or sent.
  if (submission.website) {
    const found = await deps.store.newClients.firstContact(therapistId);
    if (found && !takesMessages(found.therapist)) throw notTakingMessages(found, settings);
    if (found?.policy.status === 'closed') throw notTakingNewClients(found, settings);
    return {
      enquiryId: randomUUID(),
      status: found?.policy.status === 'waiting-list' ? 'waiting-list' : 'received',
      outcome: 'honeypot',
    };
  }

  const hashKey = await loadEmailHashKey(config);
  const byAddress = await deps.store.rateLimits.hit(
    {
      scope: 'enquiry-address',
      subjectHash: addressHash(hashKey, input.sourceIp),
      limit: settings.rateLimitPerAddressPerHour,
      windowMs: HOUR_MS,
    },
    now,
  );
  if (!byAddress.allowed) throw new RateLimited(byAddress.retryAfterSeconds);

  const found = await deps.store.newClients.firstContact(therapistId);
  if (!found) throw new NotFound('therapist');
  if (!takesMessages(found.therapist)) throw notTakingMessages(found, settings);
  if (found.policy.status === 'closed') throw notTakingNewClients(found, settings);
  const { therapist } = found;

  const email = normaliseEmail(submission.email);
  const hashedEmail = emailHash(hashKey, email);
  const byEmail = await deps.store.rateLimits.hit(
    { scope: 'enquiry-email', subjectHash: hashedEmail, limit: settings.rateLimitPerEmailPerDay, windowMs: DAY_MS },
    now,
  );
  if (!byEmail.allowed) throw new RateLimited(byEmail.retryAfterSeconds);

  if (found.policy.status === 'waiting-list') {
    const { website: _honeypot, ...rest } = submission;
    const joined = await joinFromFirstContact(deps, { found, submission: rest, email, emailHash: hashedEmail, now });
    return { enquiryId: joined.enquiryId, status: 'waiting-list', outcome: joined.outcome };
  }

  const enquiry: Enquiry = {
    enquiryId: randomUUID(),
    therapistId,
    status: 'received',
    name: submission.name,
    email,
    ...(submission.phone ? { phone: submission.phone } : {}),
    preferredContact: submission.preferredContact,
    ...(submission.message ? { message: submission.message } : {}),
    ...(submission.timePreferences ? { timePreferences: submission.timePreferences } : {}),
    consent: { version: submission.consentVersion, at: now.toISOString() },
    receivedAt: now.toISOString(),
  };
  const client = { email, name: enquiry.name };
  const links = issueActionLinks(settings, deps.store, therapistId, enquiry.enquiryId, now);
  const common = { therapistId, fromName: therapist.displayName };
  const received: OutboxMessage = {
    ...common,
    id: newId(now),
    to: client,
    template: 'enquiry-received',
    data: {
      clientName: enquiry.name,
      therapistName: therapist.displayName,
      replyBy: replyExpectedBy(now, therapist.timeZone, settings).toISOString(),
      timeZone: therapist.timeZone,
    },
  };
  const notification: OutboxMessage = {
    ...common,
    id: newId(now),
    to: { email: therapist.email, name: therapist.displayName },
    template: 'enquiry-new',
    data: {
      therapistName: therapist.displayName,
      clientName: enquiry.name,
      receivedAt: enquiry.receivedAt,
      timeZone: therapist.timeZone,
      preferredContact: enquiry.preferredContact,
      hasMessage: Boolean(enquiry.message),
      hasTimePreferences: Boolean(enquiry.timePreferences),
      acceptUrl: links.acceptUrl,
      declineUrl: links.declineUrl,
      enquiryUrl: enquiryUrl(settings, enquiry.enquiryId),
    },
  };
  const timer = (kind: 'enquiry-nudge' | 'enquiry-expiry', dueAt: Date) =>
    deps.store.timers.put(
      {
        timerId: timerId(kind, enquiry.enquiryId),
        therapistId,
        kind,
        subjectId: enquiry.enquiryId,
        dueAt: dueAt.toISOString(),
      },
      settings.timerShards,
    );

  const items = [
    ...deps.store.enquiries.create(enquiry, hashedEmail, new Date(now.getTime() + duplicateWindowMs), now),
    ...links.puts,
    outboxPut(deps.store, received, now),
    outboxPut(deps.store, notification, now),
    timer('enquiry-nudge', nudgeDueAt(now, therapist.timeZone, settings)),
    timer('enquiry-expiry', expiryDueAt(now, settings)),
  ];
  try {
    await deps.store.transact(items);
  } catch (error) {
    if (failedConditionIndex(error) !== guardIndexInCreate) throw error;
    // The same person wrote to this therapist within the day: that is the same enquiry.
    const earlier = await deps.store.enquiries.findRecent(therapistId, hashedEmail, now);
    if (!earlier) throw error;
    return { enquiryId: earlier, status: 'received', outcome: 'duplicate' };
  }
  return { enquiryId: enquiry.enquiryId, status: 'received', outcome: 'created' };
}
