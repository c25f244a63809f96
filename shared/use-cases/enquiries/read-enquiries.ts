/** The therapist's inbox and one enquiry in full. Both read only the caller's own partition. */
import type { Enquiry, EnquiryStatus } from '../../domain/enquiry.js';
import { NotFound } from '../../domain/errors.js';
import { getEnquiry, listEnquiries, type EnquiryPage } from '../../store/enquiries.js';
import type { UseCaseDeps } from '../deps.js';

export function listInbox(deps: UseCaseDeps, therapistId: string, options: { status?: EnquiryStatus; limit: number; cursor?: string }, now: Date): Promise<EnquiryPage> {
  return listEnquiries(deps.db, deps.config.tableName, therapistId, options, now);
}

export async function readEnquiry(deps: UseCaseDeps, therapistId: string, enquiryId: string, now: Date): Promise<Enquiry> {
  const enquiry = await getEnquiry(deps.db, deps.config.tableName, therapistId, enquiryId, now);
  if (!enquiry) throw new NotFound('enquiry');
  return enquiry;
}
