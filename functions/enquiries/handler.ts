/** The enquiries Lambda: first contact, health, and the one-click action pages. */
import { createApiHandler } from '#shared/http/api-handler.js';
import { operations } from './operations.js';

/** Exported for the OpenAPI document (functions/openapi.ts). */
export { operations };
export const handler = createApiHandler('enquiries', operations);
