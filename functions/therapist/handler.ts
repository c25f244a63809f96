/** The therapist Lambda: the authenticated API (identity from the JWT authorizer's `sub`). */
import { createApiHandler } from '../../shared/http/api-handler.js';
import { operations } from './operations.js';

/** Exported for the OpenAPI document (shared/http/openapi.ts). */
export { operations };
export const handler = createApiHandler('therapist', operations);
