/**
 * GET/PUT /me/new-clients, and what a first contact meets: open as always, the waiting list, or a
 * kind "not taking new clients now" with where else to look. Changing the status never touches the
 * list: switching back to open invites nobody; the therapist offers places in order.
 */
import type { Settings } from '#shared/config.js';
import { NotFound } from '#shared/domain/errors.js';
import { NotTakingNewClients, type NewClientPolicy } from '#shared/domain/new-clients.js';
import { otherHelp } from '#shared/email/templates/voice.js';
import type { FirstContactTherapist, StoredNewClientPolicy } from '#shared/store/new-clients.js';
import type { UseCaseDeps } from '../deps.js';

export const readNewClientPolicy = (deps: UseCaseDeps, therapistId: string): Promise<StoredNewClientPolicy> =>
  deps.store.newClients.getPolicy(therapistId);

export const updateNewClientPolicy = (
  deps: UseCaseDeps,
  therapistId: string,
  policy: NewClientPolicy,
  now: Date,
): Promise<StoredNewClientPolicy> => deps.store.newClients.putPolicy(therapistId, policy, now);

/** The refusal a closed therapist's first contact meets: kind, with other help and the crisis lines. */
export const notTakingNewClients = (
  found: FirstContactTherapist,
  settings: Pick<Settings, 'crisisLines'>,
): NotTakingNewClients =>
  new NotTakingNewClients(found.therapist.displayName, otherHelp, settings.crisisLines, found.policy.note);

/** What a contact page shows before anyone writes: who, and whether they take new clients now. */
export interface FirstContactView {
  therapistName: string;
  timeZone: string;
  policy: NewClientPolicy;
  checkInWeeks: number;
  /** Where else to look (the same words the closing emails use). */
  otherHelp: string;
}

export async function viewFirstContact(deps: UseCaseDeps, therapistId: string): Promise<FirstContactView> {
  const found = await deps.store.newClients.firstContact(therapistId);
  if (!found) throw new NotFound('therapist');
  return {
    therapistName: found.therapist.displayName,
    timeZone: found.therapist.timeZone,
    policy: found.policy,
    checkInWeeks: found.checkInWeeks,
    otherHelp,
  };
}
