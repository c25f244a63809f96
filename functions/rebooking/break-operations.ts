/** The rebooking capability's therapist-break operations, keyed by the operation ids in shared/manifest/routes.ts. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { createBreak } from '#shared/use-cases/breaks/create-break.js';
import { deleteBreak } from '#shared/use-cases/breaks/delete-break.js';
import { listTherapistBreaks } from '#shared/use-cases/breaks/list-breaks.js';
import { remindClientAfterBreak } from '#shared/use-cases/breaks/remind-client.js';
import {
  breakDeletedResponse,
  breakListResponse,
  breakParams,
  breakResponse,
  createBreakBody,
  reminderResponse,
  remindBody,
} from '#shared/use-cases/breaks/break-schemas.js';

/** Therapist routes always carry the caller's id (api-handler rejects them otherwise). */
const me = (therapistId: string | undefined): string => therapistId as string;

export const breakOperations: OperationTable = {
  createBreak: operation({
    body: createBreakBody,
    response: breakResponse,
    run: async ({ body, therapistId, now }, runtime) => {
      const created = await createBreak(runtime, {
        therapistId: me(therapistId),
        start: body.start,
        end: body.end,
        ...(body.message ? { message: body.message } : {}),
        now,
      });
      runtime.logger.info('break created', { breakId: created.breakId, bookingsInside: created.bookingsInside.length });
      return { status: 201, json: created };
    },
  }),

  listBreaks: operation({
    response: breakListResponse,
    run: async ({ therapistId, now }, runtime) => ({
      status: 200,
      json: await listTherapistBreaks(runtime, me(therapistId), now),
    }),
  }),

  deleteBreak: operation({
    params: breakParams,
    response: breakDeletedResponse,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 200,
      json: await deleteBreak(runtime, { therapistId: me(therapistId), breakId: params.breakId, now }),
    }),
  }),

  remindAfterBreak: operation({
    params: breakParams,
    body: remindBody,
    response: reminderResponse,
    run: async ({ params, body, therapistId, now }, runtime) => ({
      status: 201,
      json: await remindClientAfterBreak(runtime, {
        therapistId: me(therapistId),
        breakId: params.breakId,
        clientId: body.clientId,
        now,
      }),
    }),
  }),
};
