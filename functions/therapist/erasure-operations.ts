/**
 * The therapist capability's erasure operation: one person's data out of the caller's own
 * partition (the `sub` claim), never anyone else's. Logs carry counts and the therapist id only.
 */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { erasePerson } from '#shared/use-cases/erasure/erase-person.js';
import { erasureBody, erasureResponse } from './erasure-schemas.js';

export const erasureOperations: OperationTable = {
  erasePerson: operation({
    body: erasureBody,
    response: erasureResponse,
    run: async ({ body, therapistId, now }, runtime) => {
      try {
        const { erased, breakRecords } = await erasePerson(runtime, {
          therapistId: therapistId!,
          email: body.email,
          now,
        });
        runtime.logger.info('person erased', { therapistId, ...erased, breakRecords });
        return { status: 200, json: { erased } };
      } catch (error) {
        runtime.logger.info('person not erased', {
          therapistId,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        throw error;
      }
    },
  }),
};
