/** The rebooking capability's client and return-request operations, keyed by the operation ids in shared/manifest/routes.ts. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { answerNoSoonerThan, steadyAnswerMs } from '#shared/http/steady-timing.js';
import { addClient } from '#shared/use-cases/clients/add-client.js';
import { endClient, pauseClient } from '#shared/use-cases/clients/client-break.js';
import { listTherapistClients } from '#shared/use-cases/clients/list-clients.js';
import { resumeClient } from '#shared/use-cases/clients/resume-client.js';
import { listReturns, readReturn } from '#shared/use-cases/returns/list-returns.js';
import { respondToReturn } from '#shared/use-cases/returns/respond-to-return.js';
import { submitReturn } from '#shared/use-cases/returns/submit-return.js';
import {
  addClientBody,
  clientBreakResponse,
  clientListResponse,
  clientParams,
  clientResponse,
  listClientsQuery,
  listReturnsQuery,
  noteBody,
  pauseBody,
  returnAnsweredResponse,
  returnListResponse,
  returnParams,
  returnResponse,
  submitReturnBody,
  submitReturnResponse,
  therapistParams,
} from '#shared/use-cases/clients/client-schemas.js';

/** Therapist routes always carry the caller's id (api-handler rejects them otherwise). */
const me = (therapistId: string | undefined): string => therapistId as string;

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** Accept and decline differ only in the action the use case takes. */
const answerReturn = (action: 'accept' | 'decline') =>
  operation({
    params: returnParams,
    body: noteBody,
    response: returnAnsweredResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const answered = await respondToReturn(runtime, {
        therapistId: me(therapistId),
        returnId: params.returnId,
        action,
        now,
        ...optional('note', body.note),
      });
      runtime.logger.info('return answered', { returnId: params.returnId, status: answered.status });
      return { status: 200, json: answered };
    },
  });

export const clientOperations: OperationTable = {
  addClient: operation({
    body: addClientBody,
    response: clientResponse,
    run: async ({ body, therapistId, now }, runtime) => {
      const client = await addClient(runtime, { therapistId: me(therapistId), ...body, now });
      runtime.logger.info('client added', { clientId: client.clientId, status: client.status });
      return { status: 201, json: client };
    },
  }),

  listClients: operation({
    query: listClientsQuery,
    response: clientListResponse,
    run: async ({ query, therapistId, now }, runtime) => ({
      status: 200,
      json: await listTherapistClients(runtime, me(therapistId), now, query.status),
    }),
  }),

  pauseClient: operation({
    params: clientParams,
    body: pauseBody,
    response: clientBreakResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const result = await pauseClient(runtime, {
        therapistId: me(therapistId),
        clientId: params.clientId,
        now,
        ...optional('expectedReturn', body.expectedReturn),
        ...optional('note', body.note),
      });
      runtime.logger.info('client paused', { clientId: params.clientId, bookingsInside: result.bookingsInside.length });
      return { status: 200, json: result };
    },
  }),

  endClient: operation({
    params: clientParams,
    body: noteBody,
    response: clientBreakResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const result = await endClient(runtime, {
        therapistId: me(therapistId),
        clientId: params.clientId,
        now,
        ...optional('note', body.note),
      });
      runtime.logger.info('client ended', { clientId: params.clientId, bookingsInside: result.bookingsInside.length });
      return { status: 200, json: result };
    },
  }),

  resumeClient: operation({
    params: clientParams,
    response: clientResponse,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 200,
      json: await resumeClient(runtime, { therapistId: me(therapistId), clientId: params.clientId, now }),
    }),
  }),

  submitReturn: operation({
    params: therapistParams,
    body: submitReturnBody,
    response: submitReturnResponse,
    run: async ({ params, body, now, sourceIp }, runtime) => {
      const { consent: _consent, consentVersion, ...rest } = body;
      // Known client or stranger, the answer takes the same time as well as having the same bytes.
      const result = await answerNoSoonerThan(steadyAnswerMs, () =>
        submitReturn(runtime, {
          therapistId: params.therapistId,
          submission: { ...rest, consentVersion: consentVersion ?? runtime.config.settings.privacyNoticeVersion },
          sourceIp,
          now,
        }),
      );
      // The outcome is for operators only; every outcome answers the caller with the same bytes.
      runtime.logger.info('return', { outcome: result.outcome });
      return { status: 202, json: { status: 'received' } };
    },
  }),

  listReturns: operation({
    query: listReturnsQuery,
    response: returnListResponse,
    run: async ({ query, therapistId, now }, runtime) => ({
      status: 200,
      json: await listReturns(runtime, me(therapistId), now, query.status),
    }),
  }),

  getReturn: operation({
    params: returnParams,
    response: returnResponse,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 200,
      json: await readReturn(runtime, me(therapistId), params.returnId, now),
    }),
  }),

  acceptReturn: answerReturn('accept'),
  declineReturn: answerReturn('decline'),
};
