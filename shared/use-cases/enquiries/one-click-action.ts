/**
 * One-click links from a therapist's email. Describing a link never acts (mail scanners fetch links
 * to inspect them); performing it spends the token in the same transaction as the change.
 */
import { nextStatus, type Enquiry } from '../../domain/enquiry.js';
import { NotFound } from '../../domain/errors.js';
import { getEnquiry } from '../../store/enquiries.js';
import { getTherapist, type TherapistProfile } from '../../store/therapists.js';
import { readToken, type TokenPurpose } from '../../store/tokens.js';
import type { UseCaseDeps } from '../deps.js';
import { createConsultationInvitation } from './consultation-invitation.js';
import { respondToEnquiry, type RespondHooks } from './respond-to-enquiry.js';

const enquiryActions = { 'enquiry-accept': 'accept', 'enquiry-decline': 'decline' } as const satisfies Partial<Record<TokenPurpose, string>>;
const purposes = Object.keys(enquiryActions) as (keyof typeof enquiryActions)[];
export type OneClickAction = (typeof enquiryActions)[keyof typeof enquiryActions];

export interface ActionDescription {
  action: OneClickAction;
  enquiry: Pick<Enquiry, 'enquiryId' | 'name' | 'receivedAt' | 'status'>;
  therapist: Pick<TherapistProfile, 'displayName' | 'timeZone'>;
}

/** What the link would do. Throws LinkInvalid / LinkGone for a bad link, StateConflict when it no longer applies. */
export async function describeAction(deps: UseCaseDeps, token: string, now: Date): Promise<ActionDescription> {
  const { db, config } = deps;
  const record = await readToken(db, config.tableName, token, now, purposes);
  const [therapist, enquiry] = await Promise.all([getTherapist(db, config.tableName, record.therapistId), getEnquiry(db, config.tableName, record.therapistId, record.subjectId, now)]);
  if (!therapist || !enquiry) throw new NotFound('enquiry');
  const action = enquiryActions[record.purpose as keyof typeof enquiryActions];
  nextStatus(enquiry, action);
  return {
    action,
    enquiry: { enquiryId: enquiry.enquiryId, name: enquiry.name, receivedAt: enquiry.receivedAt, status: enquiry.status },
    therapist: { displayName: therapist.displayName, timeZone: therapist.timeZone },
  };
}

export interface PerformedAction {
  action: OneClickAction;
  clientName: string;
  bookingUrl?: string;
}

export async function performAction(deps: UseCaseDeps, token: string, note: string | undefined, now: Date, hooks: RespondHooks = { createConsultationInvitation }): Promise<PerformedAction> {
  const record = await readToken(deps.db, deps.config.tableName, token, now, purposes);
  const action = enquiryActions[record.purpose as keyof typeof enquiryActions];
  const result = await respondToEnquiry(deps, { therapistId: record.therapistId, enquiryId: record.subjectId, action, now, token, ...(note ? { note } : {}) }, hooks);
  return { action, clientName: result.enquiry.name, ...(result.bookingUrl ? { bookingUrl: result.bookingUrl } : {}) };
}
