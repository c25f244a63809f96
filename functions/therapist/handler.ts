/** The therapist Lambda: the authenticated API (identity from the JWT authorizer's `sub`). */
import { createApiHandler } from '#shared/http/api-handler.js';
import { erasureOperations } from './erasure-operations.js';
import { operations as enquiryOperations } from './operations.js';
import { profileOperations } from './profile-operations.js';
import { waitingListOperations } from './waiting-list-operations.js';

/** Exported for the OpenAPI document (functions/openapi.ts). */
export const operations = {
  ...enquiryOperations,
  ...erasureOperations,
  ...profileOperations,
  ...waitingListOperations,
};
export const handler = createApiHandler('therapist', operations);
