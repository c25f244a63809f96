/** The therapist's inbox and one enquiry in full. Both read only the caller's own partition. */
import type { Enquiry, EnquiryStatus } from '#shared/domain/enquiry.js';
import { NotFound } from '#shared/domain/errors.js';
import type { EnquiryPage } from '#shared/store/enquiries.js';
import type { UseCaseDeps } from '../deps.js';

export function listInbox(
  deps: UseCaseDeps,
  therapistId: string,
  options: { status?: EnquiryStatus; limit: number; cursor?: string },
  now: Date,
): Promise<EnquiryPage> {
  return deps.store.enquiries.list(therapistId, options, now);
}

export async function readEnquiry(
  deps: UseCaseDeps,
  therapistId: string,
  enquiryId: string,
  now: Date,
): Promise<Enquiry> {
  const enquiry = await deps.store.enquiries.get(therapistId, enquiryId, now);
  if (!enquiry) throw new NotFound('enquiry');
  return enquiry;
}
