/** GET/PUT /me/profile: the therapist's public details (contact page, crisis lines, embedding sites). */
import { operation, type OperationTable } from '#shared/http/operation.js';
import { readPublicProfile, savePublicProfile } from '#shared/use-cases/profile/public-profile.js';
import { profileResponse, putProfileBody } from './profile-schemas.js';

export const profileOperations: OperationTable = {
  getProfile: operation({
    response: profileResponse,
    run: async ({ therapistId }, runtime) => ({ status: 200, json: await readPublicProfile(runtime, therapistId!) }),
  }),

  putProfile: operation({
    body: putProfileBody,
    response: profileResponse,
    run: async ({ body, therapistId }, runtime) => {
      const saved = await savePublicProfile(runtime, therapistId!, {
        crisisSupport: body.crisisSupport ?? undefined,
        embedOrigins: [...new Set(body.embedOrigins)],
        fees: body.fees,
      });
      runtime.logger.info('profile saved', {
        crisisSupport: saved.crisisSupportSource,
        embedOrigins: saved.embedOrigins.length,
      });
      return { status: 200, json: saved };
    },
  }),
};
