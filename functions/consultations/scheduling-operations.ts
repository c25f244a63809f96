/** The consultations capability's scheduling operations, keyed by the operation ids in shared/manifest/routes.ts. */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { describeInvitation, listInvitationSlots } from '#shared/use-cases/invitations/view-invitation.js';
import { readAvailability, updateAvailability } from '#shared/use-cases/scheduling/availability.js';
import { listUpcomingOverrides, removeOverride, setOverride } from '#shared/use-cases/scheduling/overrides.js';
import { changeSettings, readSettings } from '#shared/use-cases/scheduling/settings.js';
import {
  availabilityBody,
  availabilityResponse,
  invitationParams,
  invitationResponse,
  overrideBody,
  overrideListResponse,
  overrideParams,
  overrideResponse,
  settingsBody,
  settingsResponse,
  slotsQuery,
  slotsResponse,
} from './scheduling-schemas.js';

export const schedulingOperations: OperationTable = {
  getSettings: operation({
    response: settingsResponse,
    run: async ({ therapistId }, runtime) => ({ status: 200, json: await readSettings(runtime, therapistId!) }),
  }),

  putSettings: operation({
    body: settingsBody,
    response: settingsResponse,
    run: async ({ body, therapistId, now }, runtime) => ({
      status: 200,
      json: await changeSettings(runtime, therapistId!, body, now),
    }),
  }),

  getAvailability: operation({
    response: availabilityResponse,
    run: async ({ therapistId }, runtime) => ({ status: 200, json: await readAvailability(runtime, therapistId!) }),
  }),

  putAvailability: operation({
    body: availabilityBody,
    response: availabilityResponse,
    run: async ({ body, therapistId, now }, runtime) => ({
      status: 200,
      json: await updateAvailability(runtime, therapistId!, body, now),
    }),
  }),

  listOverrides: operation({
    response: overrideListResponse,
    run: async ({ therapistId, now }, runtime) => ({
      status: 200,
      json: await listUpcomingOverrides(runtime, therapistId!, now),
    }),
  }),

  putOverride: operation({
    body: overrideBody,
    response: overrideResponse,
    run: async ({ body, therapistId, now }, runtime) => ({
      status: 200,
      json: await setOverride(runtime, therapistId!, body, now),
    }),
  }),

  deleteOverride: operation({
    params: overrideParams,
    run: async ({ params, therapistId, now }, runtime) => {
      await removeOverride(runtime, therapistId!, params.date, now);
      return { status: 204 };
    },
  }),

  getInvitation: operation({
    params: invitationParams,
    response: invitationResponse,
    run: async ({ params, now }, runtime) => ({
      status: 200,
      json: await describeInvitation(runtime, params.token, now),
    }),
  }),

  listInvitationSlots: operation({
    params: invitationParams,
    query: slotsQuery,
    response: slotsResponse,
    run: async ({ params, query, now }, runtime) => ({
      status: 200,
      json: await listInvitationSlots(runtime, params.token, query, now),
    }),
  }),
};
