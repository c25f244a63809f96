/**
 * The calendars Lambda: the therapist's own calendars — the private subscription feed of their
 * bookings, and the busy calendars whose times block slots. Its own function because calendar apps
 * poll the feed all day: a small bundle keeps those requests cheap.
 */
import { createApiHandler } from '#shared/http/api-handler.js';
import { busyCalendarOperations } from './busy-calendar-operations.js';
import { feedOperations } from './feed-operations.js';

/** Exported for the OpenAPI document (functions/openapi.ts). */
export const operations = { ...feedOperations, ...busyCalendarOperations };
export const handler = createApiHandler('calendars', operations);
