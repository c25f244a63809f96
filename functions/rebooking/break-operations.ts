/** The rebooking capability's therapist-break operations, keyed by the operation ids in functions/routes.ts. */
import type { OperationTable } from '../../shared/http/operation.js';

export const breakOperations: OperationTable = {};
