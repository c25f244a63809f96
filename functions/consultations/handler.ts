/**
 * The consultations Lambda: therapist scheduling settings, invitations and their slots, and the
 * booking lifecycle (public invitation and manage links, and the therapist's booking actions).
 */
import { createApiHandler } from '../../shared/http/api-handler.js';
import { bookingOperations } from './booking-operations.js';
import { schedulingOperations } from './scheduling-operations.js';

export const handler = createApiHandler('consultations', { ...schedulingOperations, ...bookingOperations });
