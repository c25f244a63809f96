/**
 * The recognised path of a return: the person is a client of this therapist. It mirrors
 * createEnquiry step for step — the same two rate-limit counters (the enquiry ones: see
 * submit-return.ts), the therapist read, then one transaction — so both paths cost the same
 * round trips. The transaction: the return request, the client's one-open-request guard, the warm
 * acknowledgement to the client, the neutral notification to the therapist and the timer that
 * nudges the therapist if the request is still waiting (return-request-nudge.ts). The message stays
 * on the request item: never in an outbox message, never logged.
 */
import type { Client } from '#shared/domain/client.js';
import { nudgeDueAt, replyExpectedBy } from '#shared/domain/enquiry-rules.js';
import { NotFound, NotTakingMessages, RateLimited } from '#shared/domain/errors.js';
import type { ReturnRequest } from '#shared/domain/return-request.js';
import type { OutboxMessage } from '#shared/email/messages.js';
import { newId } from '#shared/ids.js';
import { addressHash, crisisSupportOf, failedConditionIndex, takesMessages } from '#shared/store/index.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import { otherHelp } from '#shared/email/templates/voice.js';
import type { UseCaseDeps } from '../deps.js';
import { returnPageUrl } from '../console-links.js';
import { returnNudgeTimerId } from '../timers/return-request-nudge.js';
import type { ReturnSubmission } from '#shared/domain/first-contact.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Index of the client's one-open-request guard in the transaction below. */
const openGuardIndex = 1;

export interface RecordReturnInput {
  therapistId: string;
  client: Client;
  submission: ReturnSubmission;
  hashKey: string;
  hashedEmail: string;
  sourceIp: string;
  now: Date;
}

export async function recordReturn(
  deps: UseCaseDeps,
  input: RecordReturnInput,
): Promise<{ outcome: 'return-created' | 'return-duplicate'; returnId: string }> {
  const { config } = deps;
  const { settings } = config;
  const { therapistId, client, submission, now } = input;

  const byAddress = await deps.store.rateLimits.hit(
    {
      scope: 'enquiry-address',
      subjectHash: addressHash(input.hashKey, input.sourceIp),
      limit: settings.rateLimitPerAddressPerHour,
      windowMs: HOUR_MS,
    },
    now,
  );
  if (!byAddress.allowed) throw new RateLimited(byAddress.retryAfterSeconds);
  const therapist = await deps.store.therapists.get(therapistId);
  if (!therapist) throw new NotFound('therapist');
  // The same refusal as the first-contact path meets, so the answer tells nobody who is a client.
  if (!takesMessages(therapist))
    throw new NotTakingMessages(therapist.displayName, otherHelp, crisisSupportOf(therapist, settings).lines);
  const byEmail = await deps.store.rateLimits.hit(
    {
      scope: 'enquiry-email',
      subjectHash: input.hashedEmail,
      limit: settings.rateLimitPerEmailPerDay,
      windowMs: DAY_MS,
    },
    now,
  );
  if (!byEmail.allowed) throw new RateLimited(byEmail.retryAfterSeconds);

  const request: ReturnRequest = {
    returnId: newId(now),
    therapistId,
    clientId: client.clientId,
    status: 'pending',
    name: submission.name,
    email: submission.email,
    ...(submission.message ? { message: submission.message } : {}),
    consent: { version: submission.consentVersion, at: now.toISOString() },
    receivedAt: now.toISOString(),
    history: {
      clientStatus: client.status,
      firstContactAt: client.firstContactAt ?? client.createdAt,
      ...(client.lastSessionAt ? { lastSessionAt: client.lastSessionAt } : {}),
      ...(client.pausedAt ? { pausedAt: client.pausedAt } : {}),
      ...(client.endedAt ? { endedAt: client.endedAt } : {}),
      ...(client.expectedReturn ? { expectedReturn: client.expectedReturn } : {}),
    },
  };
  const common = { therapistId, fromName: therapist.displayName };
  const received: OutboxMessage = {
    ...common,
    id: newId(now),
    to: { email: submission.email, name: submission.name },
    template: 'return-request-received',
    data: {
      clientName: submission.name,
      therapistName: therapist.displayName,
      replyBy: replyExpectedBy(now, therapist.timeZone, settings).toISOString(),
      timeZone: therapist.timeZone,
    },
  };
  const notification: OutboxMessage = {
    ...common,
    id: newId(now),
    to: { email: therapist.email, name: therapist.displayName },
    template: 'return-request-new',
    data: {
      therapistName: therapist.displayName,
      clientName: submission.name,
      receivedAt: request.receivedAt,
      timeZone: therapist.timeZone,
      hasMessage: Boolean(submission.message),
      returnsUrl: returnPageUrl(settings, request.returnId),
    },
  };
  try {
    await deps.store.transact([
      deps.store.returnRequests.create(request),
      deps.store.clients.openReturn(therapistId, client.clientId, request.returnId),
      outboxPut(deps.store, received, now),
      outboxPut(deps.store, notification, now),
      deps.store.timers.put(
        {
          timerId: returnNudgeTimerId(request.returnId),
          therapistId,
          kind: 'return-request-nudge',
          subjectId: request.returnId,
          dueAt: nudgeDueAt(now, therapist.timeZone, settings).toISOString(),
        },
        settings.timerShards,
      ),
    ]);
  } catch (error) {
    if (failedConditionIndex(error) !== openGuardIndex) throw error;
    // They wrote again while the therapist has not answered: that is the same request (as the
    // enquiry path treats the same person twice in a day), and nothing is sent twice.
    const current = await deps.store.clients.get(therapistId, client.clientId);
    if (!current?.openReturnId) throw error;
    return { outcome: 'return-duplicate', returnId: current.openReturnId };
  }
  return { outcome: 'return-created', returnId: request.returnId };
}
