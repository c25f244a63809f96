/**
 * The therapist's new-client status and waiting list. The caller's `sub` is the partition read or
 * written, so another therapist's entry is simply not found.
 */
import type * as z from '#shared/zod.js';
import { policyFrom } from '#shared/domain/new-clients.js';
import { operation, type OperationTable } from '#shared/http/operation.js';
import type { StoredNewClientPolicy } from '#shared/store/new-clients.js';
import { listWaitingList, type WaitingEntryView } from '#shared/use-cases/waiting-list/list-waiting.js';
import { readNewClientPolicy, updateNewClientPolicy } from '#shared/use-cases/waiting-list/new-clients.js';
import { offerPlace } from '#shared/use-cases/waiting-list/offer-place.js';
import { removeEntry } from '#shared/use-cases/waiting-list/remove-entry.js';
import {
  entryParams,
  listWaitingQuery,
  listWaitingResponse,
  newClientsResponse,
  offerResponse,
  putNewClientsBody,
  removeResponse,
  waitingEntryView,
  waitingNoteBody,
} from './waiting-list-schemas.js';

const policyView = ({ policy, updatedAt }: StoredNewClientPolicy): z.infer<typeof newClientsResponse> => ({
  ...policy,
  ...(updatedAt ? { updatedAt } : {}),
});

/** What the therapist sees of an entry: everything but its timers' ids and the entry's version. */
function entryView(e: WaitingEntryView): z.infer<typeof waitingEntryView> {
  const { timerId: _t, ...checkIns } = e.checkIns;
  const offer = e.offer
    ? {
        invitationId: e.offer.invitationId,
        offeredAt: e.offer.offeredAt,
        expiresAt: e.offer.expiresAt,
        ...(e.offer.note ? { note: e.offer.note } : {}),
      }
    : undefined;
  const { therapistId: _th, version: _v, checkIns: _c, offer: _o, ...rest } = e;
  return { ...rest, checkIns, ...(offer ? { offer } : {}) };
}

export const waitingListOperations: OperationTable = {
  getNewClients: operation({
    response: newClientsResponse,
    run: async ({ therapistId }, runtime) => ({
      status: 200,
      json: policyView(await readNewClientPolicy(runtime, therapistId!)),
    }),
  }),

  putNewClients: operation({
    body: putNewClientsBody,
    response: newClientsResponse,
    run: async ({ body, therapistId, now }, runtime) => {
      const saved = await updateNewClientPolicy(runtime, therapistId!, policyFrom(body), now);
      runtime.logger.info('new-client status', { status: saved.policy.status });
      return { status: 200, json: policyView(saved) };
    },
  }),

  listWaitingList: operation({
    query: listWaitingQuery,
    response: listWaitingResponse,
    run: async ({ query, therapistId, now }, runtime) => ({
      status: 200,
      json: { items: (await listWaitingList(runtime, therapistId!, now, query.status)).map(entryView) },
    }),
  }),

  offerPlace: operation({
    params: entryParams,
    body: waitingNoteBody,
    response: offerResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const { entry, bookingUrl } = await offerPlace(runtime, {
        therapistId: therapistId!,
        entryId: params.entryId,
        now,
        ...(body.note ? { note: body.note } : {}),
      });
      runtime.logger.info('waiting list', { action: 'offer' });
      return {
        status: 200,
        json: { entryId: entry.entryId, status: entry.status, bookingUrl, offerExpiresAt: entry.offer!.expiresAt },
      };
    },
  }),

  removeFromWaitingList: operation({
    params: entryParams,
    body: waitingNoteBody,
    response: removeResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const entry = await removeEntry(runtime, {
        therapistId: therapistId!,
        entryId: params.entryId,
        now,
        ...(body.note ? { note: body.note } : {}),
      });
      runtime.logger.info('waiting list', { action: 'remove' });
      return { status: 200, json: { entryId: entry.entryId, status: entry.status } };
    },
  }),
};
