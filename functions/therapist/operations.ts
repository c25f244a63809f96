/** The therapist capability's enquiry operations. The caller's `sub` is the partition read or written. */
import type * as z from '#shared/zod.js';
import type { Enquiry } from '#shared/domain/enquiry.js';
import { operation, type OperationTable } from '#shared/http/operation.js';
import type { EnquirySummary } from '#shared/store/enquiries.js';
import { createConsultationInvitation } from '#shared/use-cases/invitations/consultation-invitation.js';
import { listInbox, readEnquiry } from '#shared/use-cases/enquiries/read-enquiries.js';
import { respondToEnquiry } from '#shared/use-cases/enquiries/respond-to-enquiry.js';
import {
  enquiryDetail,
  enquiryParams,
  enquirySummary,
  listEnquiriesQuery,
  listEnquiriesResponse,
  respondBody,
  respondResponse,
} from '#shared/use-cases/enquiries/enquiry-schemas.js';

const common = (e: Omit<Enquiry, 'message' | 'phone' | 'timePreferences'>) => ({
  enquiryId: e.enquiryId,
  status: e.status,
  name: e.name,
  email: e.email,
  preferredContact: e.preferredContact,
  consent: e.consent,
  receivedAt: e.receivedAt,
  ...(e.nudgedAt ? { nudgedAt: e.nudgedAt } : {}),
  ...(e.closedAt ? { closedAt: e.closedAt } : {}),
  ...(e.note ? { note: e.note } : {}),
});

const summaryView = (e: EnquirySummary): z.infer<typeof enquirySummary> => ({
  ...common(e),
  hasMessage: e.hasMessage,
  hasTimePreferences: e.hasTimePreferences,
  hasPhone: e.hasPhone,
});

const detailView = (e: Enquiry): z.infer<typeof enquiryDetail> => ({
  ...common(e),
  ...(e.phone ? { phone: e.phone } : {}),
  ...(e.message ? { message: e.message } : {}),
  ...(e.timePreferences ? { timePreferences: e.timePreferences } : {}),
});

const respond = (action: 'accept' | 'decline') =>
  operation({
    params: enquiryParams,
    body: respondBody,
    response: respondResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const result = await respondToEnquiry(
        runtime,
        {
          therapistId: therapistId!,
          enquiryId: params.enquiryId,
          action,
          now,
          ...(body.note ? { note: body.note } : {}),
        },
        { createConsultationInvitation },
      );
      runtime.logger.info('enquiry response', { action });
      return {
        status: 200,
        json: {
          enquiryId: result.enquiry.enquiryId,
          status: result.enquiry.status,
          ...(result.bookingUrl ? { bookingUrl: result.bookingUrl } : {}),
        },
      };
    },
  });

export const operations: OperationTable = {
  listEnquiries: operation({
    query: listEnquiriesQuery,
    response: listEnquiriesResponse,
    run: async ({ query, therapistId, now }, runtime) => {
      const page = await listInbox(
        runtime,
        therapistId!,
        {
          limit: query.limit,
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        },
        now,
      );
      return {
        status: 200,
        json: { items: page.items.map(summaryView), ...(page.cursor ? { cursor: page.cursor } : {}) },
      };
    },
  }),

  getEnquiry: operation({
    params: enquiryParams,
    response: enquiryDetail,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 200,
      json: detailView(await readEnquiry(runtime, therapistId!, params.enquiryId, now)),
    }),
  }),

  acceptEnquiry: respond('accept'),
  declineEnquiry: respond('decline'),
};
