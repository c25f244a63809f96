/** The consultations capability's booking operations, keyed by the operation ids in functions/routes.ts. */
import type { OperationTable } from '../../shared/http/operation.js';

export const bookingOperations: OperationTable = {};
