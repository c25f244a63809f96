/**
 * One-click links from a therapist's email. Describing a link never acts (mail scanners fetch links
 * to inspect them); performing it spends the token in the same transaction as the change.
 * What a link does is looked up by its token's purpose in `oneClickActions`: a new kind of link is
 * one entry there, not another branch here.
 */
import { nextStatus, type Enquiry } from '#shared/domain/enquiry.js';
import { NotFound } from '#shared/domain/errors.js';
import type { TherapistProfile } from '#shared/store/therapists.js';
import type { TokenItem, TokenPurpose } from '#shared/store/tokens.js';
import type { UseCaseDeps } from '../deps.js';
import {
  describeBookingAction,
  performBookingAction,
  type BookingActionDescription,
  type BookingActionPerformed,
} from '../bookings/one-click.js';
import { createConsultationInvitation } from '../invitations/consultation-invitation.js';
import { respondToEnquiry, type RespondHooks } from './respond-to-enquiry.js';

const enquiryActions = { 'enquiry-accept': 'accept', 'enquiry-decline': 'decline' } as const satisfies Partial<
  Record<TokenPurpose, string>
>;
type EnquiryAction = (typeof enquiryActions)[keyof typeof enquiryActions];

export interface EnquiryActionDescription {
  action: EnquiryAction;
  enquiry: Pick<Enquiry, 'enquiryId' | 'name' | 'receivedAt' | 'status'>;
  therapist: Pick<TherapistProfile, 'displayName' | 'timeZone'>;
}

export interface EnquiryActionPerformed {
  action: EnquiryAction;
  clientName: string;
  bookingUrl?: string;
}

export type ActionDescription = EnquiryActionDescription | BookingActionDescription;
export type PerformedAction = EnquiryActionPerformed | BookingActionPerformed;
export type OneClickAction = ActionDescription['action'];

interface OneClickHandler {
  describe(deps: UseCaseDeps, record: TokenItem, now: Date): Promise<ActionDescription>;
  perform(
    deps: UseCaseDeps,
    record: TokenItem,
    token: string,
    note: string | undefined,
    now: Date,
    hooks: RespondHooks,
  ): Promise<PerformedAction>;
}

/** Throws LinkInvalid / LinkGone for a bad link, StateConflict when it no longer applies. */
async function describeEnquiryAction(
  deps: UseCaseDeps,
  record: TokenItem,
  now: Date,
): Promise<EnquiryActionDescription> {
  const [therapist, enquiry] = await Promise.all([
    deps.store.therapists.get(record.therapistId),
    deps.store.enquiries.get(record.therapistId, record.subjectId, now),
  ]);
  if (!therapist || !enquiry) throw new NotFound('enquiry');
  const action = enquiryActions[record.purpose as keyof typeof enquiryActions];
  nextStatus(enquiry, action);
  return {
    action,
    enquiry: {
      enquiryId: enquiry.enquiryId,
      name: enquiry.name,
      receivedAt: enquiry.receivedAt,
      status: enquiry.status,
    },
    therapist: { displayName: therapist.displayName, timeZone: therapist.timeZone },
  };
}

async function performEnquiryAction(
  deps: UseCaseDeps,
  record: TokenItem,
  token: string,
  note: string | undefined,
  now: Date,
  hooks: RespondHooks,
): Promise<EnquiryActionPerformed> {
  const action = enquiryActions[record.purpose as keyof typeof enquiryActions];
  const result = await respondToEnquiry(
    deps,
    { therapistId: record.therapistId, enquiryId: record.subjectId, action, now, token, ...(note ? { note } : {}) },
    hooks,
  );
  return { action, clientName: result.enquiry.name, ...(result.bookingUrl ? { bookingUrl: result.bookingUrl } : {}) };
}

const enquiryHandler: OneClickHandler = { describe: describeEnquiryAction, perform: performEnquiryAction };
const bookingHandler: OneClickHandler = {
  describe: describeBookingAction,
  perform: (deps, record, token, note, now) => performBookingAction(deps, record, token, note, now),
};

/** Every purpose a one-click link can have, and what it does. */
export const oneClickActions: Partial<Record<TokenPurpose, OneClickHandler>> = {
  'enquiry-accept': enquiryHandler,
  'enquiry-decline': enquiryHandler,
  'booking-confirm': bookingHandler,
  'booking-decline': bookingHandler,
};
const purposes = Object.keys(oneClickActions) as TokenPurpose[];

async function handlerFor(
  deps: UseCaseDeps,
  token: string,
  now: Date,
): Promise<{ record: TokenItem; handler: OneClickHandler }> {
  const record = await deps.store.tokens.read(token, now, purposes);
  return { record, handler: oneClickActions[record.purpose]! };
}

/** What the link would do. Throws LinkInvalid / LinkGone for a bad link, StateConflict when it no longer applies. */
export async function describeAction(deps: UseCaseDeps, token: string, now: Date): Promise<ActionDescription> {
  const { record, handler } = await handlerFor(deps, token, now);
  return handler.describe(deps, record, now);
}

export async function performAction(
  deps: UseCaseDeps,
  token: string,
  note: string | undefined,
  now: Date,
  hooks: RespondHooks = { createConsultationInvitation },
): Promise<PerformedAction> {
  const { record, handler } = await handlerFor(deps, token, now);
  return handler.perform(deps, record, token, note, now, hooks);
}
