/**
 * The console on the local stack: the same pages, session cookie, CSRF and redirects as in AWS
 * (functions/console), over a local sign-in instead of Cognito, which cannot run here. The sign-in
 * page lists the seeded therapists; one form POST (`therapistId`) issues the same local-key token
 * the local JWT authorizer accepts (jwt.ts), and every request verifies it with aws-jwt-verify's
 * JwtVerifier against the local issuer and key. Never part of the CDK app: its POST route is
 * local-only (shared/manifest/routes.ts) and this file is not in any Lambda bundle.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { exportJWK } from 'jose';
import { createConsoleHandler } from '#functions/console/console-handler.js';
import { sessionSeconds } from '#functions/console/cookies.js';
import { consolePages } from '#functions/console/pages/index.js';
import { SignInFailed, type SignInMethod } from '#functions/console/sign-in/sign-in-method.js';
import { verified } from '#functions/console/sign-in/verified.js';
import { getRuntime } from '#shared/runtime.js';
import { getTherapist } from '#shared/store/therapists.js';
import { loadSigningKey, localClientId, localIssuer, signTherapistToken, type LocalSigningKey } from './jwt.js';
import { seededTherapists } from './seed.js';

export interface LocalSignInOptions {
  key: LocalSigningKey;
  /** The therapists the sign-in page offers, by id (the seeded two on `npm run dev`). */
  therapists: () => readonly string[];
}

export async function localSignIn(options: LocalSignInOptions): Promise<SignInMethod> {
  const { key } = options;
  const jwk = { ...(await exportJWK(key.publicKey)), kid: key.kid, alg: 'ES256', use: 'sig' };
  const jwksUri = `${localIssuer}/.well-known/jwks.json`;
  // The "JWKS endpoint" is this process: a token naming another key is simply not verified.
  const jwks = new TextEncoder().encode(JSON.stringify({ keys: [jwk] }));
  const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async () => jwks.buffer.slice(0) as ArrayBuffer } });
  const verifier = JwtVerifier.create(
    { issuer: localIssuer, audience: localClientId, jwksUri, includeRawJwtInErrors: true },
    { jwksCache },
  );

  const offered = async () => {
    const runtime = getRuntime();
    const profiles = await Promise.all(
      options.therapists().map((id) => getTherapist(runtime.db, runtime.config.tableName, id)),
    );
    return profiles.filter((p) => p !== undefined);
  };

  return {
    completesAt: 'form',
    formOrigins: [],
    verify: (token) => verified(() => verifier.verify(token)),
    refresh: async () => undefined,
    start: async () => ({
      kind: 'page',
      therapists: (await offered()).map((t) => ({ therapistId: t.therapistId, displayName: t.displayName })),
    }),
    async complete({ form }) {
      const chosen = (await offered()).find((t) => t.therapistId === form.therapistId);
      if (!chosen) throw new SignInFailed('Please choose one of the therapists listed on the sign-in page.', 400);
      return {
        token: await signTherapistToken(chosen.therapistId, { expiresIn: sessionSeconds, email: chosen.email, key }),
      };
    },
    end: async () => '/console/signed-out',
    // Nothing outside the table to end: the local tokens are this machine's own, and the sessions are gone.
    endEverywhere: async () => '/console/signed-out',
  };
}

export interface LocalConsoleOptions {
  therapists: () => readonly string[];
  key?: () => Promise<LocalSigningKey>;
}

export function createLocalConsoleHandler(options: LocalConsoleOptions) {
  return createConsoleHandler({
    pages: consolePages,
    signIn: async () =>
      localSignIn({ key: await (options.key ?? (() => loadSigningKey()))(), therapists: options.therapists }),
  });
}

/** `npm run dev`: the seeded therapists, and the key in .local/jwt-key.json the printed tokens use. */
export const handler = createLocalConsoleHandler({ therapists: () => seededTherapists.map((t) => t.therapistId) });
