/** The rebooking capability's standing-time operations, keyed by the operation ids in shared/manifest/routes.ts. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import {
  endStandingTime,
  listStandingTimes,
  skipStandingDate,
} from '#shared/use-cases/standing-times/change-standing-time.js';
import { createStandingTime } from '#shared/use-cases/standing-times/create-standing-time.js';
import {
  createStandingTimeBody,
  endStandingTimeResponse,
  skipBody,
  standingClientParams,
  standingTimeListResponse,
  standingTimeParams,
  standingTimeResponse,
} from '#shared/use-cases/standing-times/standing-time-schemas.js';

/** Therapist routes always carry the caller's id (api-handler rejects them otherwise). */
const me = (therapistId: string | undefined): string => therapistId as string;

export const standingTimeOperations: OperationTable = {
  createStandingTime: operation({
    params: standingClientParams,
    body: createStandingTimeBody,
    response: standingTimeResponse,
    run: async ({ params, body, therapistId, now }, runtime) => {
      const created = await createStandingTime(runtime, {
        therapistId: me(therapistId),
        clientId: params.clientId,
        weekday: body.weekday,
        time: body.time,
        every: body.every,
        from: body.from,
        ...(body.until !== undefined ? { until: body.until } : {}),
        ...(body.count !== undefined ? { count: body.count } : {}),
        ...(body.lengthMinutes !== undefined ? { lengthMinutes: body.lengthMinutes } : {}),
        now,
      });
      runtime.logger.info('standing time set', {
        held: created.dates.filter((d) => d.status === 'held').length,
        needsChoice: created.dates.filter((d) => d.status === 'needs-choice').length,
      });
      return { status: 201, json: created };
    },
  }),

  listStandingTimes: operation({
    params: standingClientParams,
    response: standingTimeListResponse,
    run: async ({ params, therapistId, now }, runtime) => ({
      status: 200,
      json: { items: await listStandingTimes(runtime, me(therapistId), params.clientId, now) },
    }),
  }),

  endStandingTime: operation({
    params: standingTimeParams,
    response: endStandingTimeResponse,
    run: async ({ params, therapistId, now }, runtime) => {
      const ended = await endStandingTime(runtime, {
        therapistId: me(therapistId),
        standingTimeId: params.standingTimeId,
        now,
      });
      runtime.logger.info('standing time ended', { released: ended.released.length });
      return { status: 200, json: ended };
    },
  }),

  skipStandingDate: operation({
    params: standingTimeParams,
    body: skipBody,
    response: standingTimeResponse,
    run: async ({ params, body, therapistId, now }, runtime) => ({
      status: 200,
      json: await skipStandingDate(runtime, {
        therapistId: me(therapistId),
        standingTimeId: params.standingTimeId,
        date: body.date,
        now,
      }),
    }),
  }),
};
