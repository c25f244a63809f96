/**
 * POST /therapists/{therapistId}/returns: someone asks to come back after a break. A recognised
 * client of this therapist (found by the keyed hash of the normalised email, never the address)
 * becomes a return request; anyone else becomes a new enquiry through the first-contact path, with
 * its acknowledgement. The public answer is the same either way, so nobody can learn from it
 * whether a person is someone's client:
 * - the same body and headers (the handler answers 202 { status: "received" } for every outcome);
 * - the same work: the hash and the two-read lookup always happen (store/clients.ts
 *   findClientByEmailHash), and both paths then do address limit → therapist read → email limit →
 *   one transaction (createEnquiry, or recordReturn which mirrors it);
 * - the same counters: both paths count against the enquiry rate limits. Separate "return" counters
 *   would be an oracle — a stranger's returns would use up their enquiry allowance, a client's not.
 * A filled honeypot gets the same answer, before anything is looked up, and nothing is stored.
 */
import { recognisedOnReturn } from '#shared/domain/client.js';
import { emailHash, loadEmailHashKey, normaliseEmail } from '#shared/store/index.js';
import type { ReturnSubmission } from '#shared/domain/first-contact.js';
import type { UseCaseDeps } from '../deps.js';
import { createEnquiry } from '../enquiries/create-enquiry.js';
import { recordReturn } from './record-return.js';

export interface SubmitReturnInput {
  therapistId: string;
  submission: ReturnSubmission;
  sourceIp: string;
  now: Date;
}

/** For the handler's log line only: every outcome answers the caller identically. */
export type ReturnOutcome =
  | 'return-created'
  | 'return-duplicate'
  | 'enquiry-created'
  | 'enquiry-duplicate'
  | 'honeypot';

export async function submitReturn(deps: UseCaseDeps, input: SubmitReturnInput): Promise<{ outcome: ReturnOutcome }> {
  const { config } = deps;
  const { therapistId, now, sourceIp } = input;
  if (input.submission.website) return { outcome: 'honeypot' };

  const submission = { ...input.submission, email: normaliseEmail(input.submission.email) };
  const hashKey = await loadEmailHashKey(config);
  const hashedEmail = emailHash(hashKey, submission.email);
  const client = await deps.store.clients.findByEmailHash(therapistId, hashedEmail);

  if (client && recognisedOnReturn(client.status)) {
    const recorded = await recordReturn(deps, { therapistId, client, submission, hashKey, hashedEmail, sourceIp, now });
    return { outcome: recorded.outcome };
  }
  const created = await createEnquiry(deps, {
    therapistId,
    submission: {
      name: submission.name,
      email: submission.email,
      preferredContact: 'email',
      consentVersion: submission.consentVersion,
      ...(submission.message ? { message: submission.message } : {}),
    },
    sourceIp,
    now,
  });
  return { outcome: created.outcome === 'duplicate' ? 'enquiry-duplicate' : 'enquiry-created' };
}
