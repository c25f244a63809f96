/**
 * The rebooking Lambda: the client lifecycle and return requests, and therapist breaks with their
 * notices and welcome-back invitations.
 */
import { createApiHandler } from '#shared/http/api-handler.js';
import { breakOperations } from './break-operations.js';
import { clientOperations } from './client-operations.js';
import { returnPageOperations } from './return-page-operations.js';
import { standingTimeOperations } from './standing-time-operations.js';

/** Exported for the OpenAPI document (functions/openapi.ts). */
export const operations = {
  ...clientOperations,
  ...breakOperations,
  ...returnPageOperations,
  ...standingTimeOperations,
};
export const handler = createApiHandler('rebooking', operations);
