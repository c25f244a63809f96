/** The calendars capability's busy-calendar operations. The caller's `sub` is the partition read or written. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { readBusyCalendars, replaceBusyCalendars } from '#shared/use-cases/calendars/busy-calendars.js';
import { busyCalendarsBody, busyCalendarsResponse } from './busy-calendar-schemas.js';

export const busyCalendarOperations: OperationTable = {
  getBusyCalendars: operation({
    response: busyCalendarsResponse,
    run: async ({ therapistId }, runtime) => ({ status: 200, json: await readBusyCalendars(runtime, therapistId!) }),
  }),

  putBusyCalendars: operation({
    body: busyCalendarsBody,
    response: busyCalendarsResponse,
    run: async ({ body, therapistId, now }, runtime) => {
      const calendars = await replaceBusyCalendars(runtime, therapistId!, body, now);
      runtime.logger.info('busy calendars saved', { count: calendars.length });
      return { status: 200, json: calendars };
    },
  }),
};
