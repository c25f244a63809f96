/** The rebooking capability's client and return-request operations, keyed by the operation ids in functions/routes.ts. */
import type { OperationTable } from '../../shared/http/operation.js';

export const clientOperations: OperationTable = {};
