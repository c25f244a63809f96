/**
 * GET /me/returns and /me/returns/{id}: return requests with the relationship's history — first
 * contact, last session, how long the break has lasted. The history was taken from the client
 * record when the request came in (the public path reads nothing more, to keep its timing flat);
 * here, behind sign-in, it is completed from the diary (one gsi2 Query) and from the enquiry the
 * person first came through.
 */
import { digestBookings, digestWindow } from '#shared/domain/client-bookings.js';
import { NotFound } from '#shared/domain/errors.js';
import { breakLengthDays, type ReturnRequest, type ReturnStatus } from '#shared/domain/return-request.js';
import type { UseCaseDeps } from '../deps.js';

export type ReturnView = Omit<ReturnRequest, 'therapistId'> & {
  history: ReturnRequest['history'] & { breakLengthDays?: number };
};

export async function listReturns(
  deps: UseCaseDeps,
  therapistId: string,
  now: Date,
  status?: ReturnStatus,
): Promise<{ items: ReturnView[] }> {
  const requests = await deps.store.returnRequests.list(therapistId, now, status);
  return { items: await withHistory(deps, therapistId, requests, now) };
}

export async function readReturn(
  deps: UseCaseDeps,
  therapistId: string,
  returnId: string,
  now: Date,
): Promise<ReturnView> {
  const request = await deps.store.returnRequests.get(therapistId, returnId, now);
  if (!request) throw new NotFound('return request');
  return (await withHistory(deps, therapistId, [request], now))[0]!;
}

async function withHistory(
  deps: UseCaseDeps,
  therapistId: string,
  requests: ReturnRequest[],
  now: Date,
): Promise<ReturnView[]> {
  if (requests.length === 0) return [];
  const clientIds = [...new Set(requests.map((r) => r.clientId))];
  const [clients, bookings] = await Promise.all([
    Promise.all(clientIds.map((id) => deps.store.clients.get(therapistId, id))),
    deps.store.bookings.list(therapistId, digestWindow(now), now),
  ]);
  const known = clients.filter((c) => c !== undefined);
  const digest = digestBookings(known, bookings, now);
  const firstContact = new Map<string, string>();
  await Promise.all(
    known
      .filter((c) => c.fromEnquiryId && !c.firstContactAt)
      .map(async (c) => {
        const enquiry = await deps.store.enquiries.get(therapistId, c.fromEnquiryId!, now);
        if (enquiry) firstContact.set(c.clientId, enquiry.receivedAt);
      }),
  );
  return requests.map(({ therapistId: _t, ...request }) => {
    const diaryLast = digest.get(request.clientId)?.last?.start;
    const lastSessionAt = [request.history.lastSessionAt, diaryLast]
      .filter((d): d is string => Boolean(d) && Date.parse(d!) <= Date.parse(request.receivedAt))
      .sort()
      .pop();
    const history = {
      ...request.history,
      ...(firstContact.has(request.clientId) ? { firstContactAt: firstContact.get(request.clientId)! } : {}),
      ...(lastSessionAt ? { lastSessionAt } : {}),
    };
    const days = breakLengthDays(history, new Date(request.receivedAt));
    return { ...request, history: { ...history, ...(days === undefined ? {} : { breakLengthDays: days }) } };
  });
}
