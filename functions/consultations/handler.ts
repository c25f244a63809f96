/**
 * The consultations Lambda: therapist scheduling settings, invitations and their slots, and the
 * booking lifecycle (public invitation and manage links, and the therapist's booking actions).
 */
import { createApiHandler } from '#shared/http/api-handler.js';
import { bookingOperations } from './booking-operations.js';
import { pageOperations } from './page-operations.js';
import { schedulingOperations } from './scheduling-operations.js';

/** Exported for the OpenAPI document (functions/openapi.ts). */
export const operations = { ...schedulingOperations, ...bookingOperations, ...pageOperations };
export const handler = createApiHandler('consultations', operations);
