/**
 * What aws-jwt-verify's answer means for a session: valid (the `sub` is the therapist), expired (the
 * signature held, so a refresh may follow, and its `sub` says whose session to look up first), or
 * invalid (tampered, another issuer or client: sign out). Failing to fetch the signing keys is
 * neither: the session is not ended for an outage. The verifiers are made with
 * `includeRawJwtInErrors`, which hands over an expired token's claims only once its signature held.
 */
import { FetchError, JwtBaseError, JwtExpiredError } from 'aws-jwt-verify/error';
import type { Verified } from './sign-in-method.js';

export class SessionCheckUnavailable extends Error {
  override readonly name = 'SessionCheckUnavailable';
}

export async function verified(verify: () => Promise<{ sub?: unknown; exp?: unknown }>): Promise<Verified> {
  try {
    const payload = await verify();
    // aws-jwt-verify checks `exp` only when it is there; a session token must end (Cognito's always do).
    if (typeof payload.exp !== 'number') return { kind: 'invalid' };
    return typeof payload.sub === 'string' && payload.sub !== ''
      ? { kind: 'valid', therapistId: payload.sub }
      : { kind: 'invalid' };
  } catch (error) {
    if (error instanceof JwtExpiredError) {
      const sub = error.rawJwt?.payload.sub;
      return typeof sub === 'string' && sub !== '' ? { kind: 'expired', therapistId: sub } : { kind: 'invalid' };
    }
    if (error instanceof FetchError) throw new SessionCheckUnavailable('The signing keys could not be fetched');
    if (error instanceof JwtBaseError) return { kind: 'invalid' };
    throw error;
  }
}
