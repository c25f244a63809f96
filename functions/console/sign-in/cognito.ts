/**
 * Signing in through Cognito managed login: the OAuth 2.0 authorization-code flow with PKCE (S256)
 * for a public client (no secret). The token is verified with aws-jwt-verify's CognitoJwtVerifier
 * against the user pool's issuer and the console client, as API Gateway's JWT authorizer does; MFA
 * is the user pool's and happens on Cognito's pages.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import * as z from '#shared/zod.js';
import { codeChallenge } from './pkce.js';
import { SignInFailed, SignOutUnavailable, type SignInMethod } from './sign-in-method.js';
import { TokenEndpointUnavailable, TokenRequestRefused, type TokenEndpoint } from './token-endpoint.js';
import { GlobalSignOutRefused, UserPoolUnavailable, type UserPoolSessions } from './user-pool.js';
import { SessionCheckUnavailable, verified } from './verified.js';

export interface CognitoSignInConfig {
  userPoolId: string;
  /** The console app client: code flow with PKCE, no secret. */
  clientId: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  domainUrl: string;
  publicBaseUrl: string;
}

/** `aws.cognito.signin.user.admin` lets the access token ask for GlobalSignOut (user-pool.ts): sign out everywhere. */
export const scopes = 'openid email profile aws.cognito.signin.user.admin';

const envSchema = z.object({
  USER_POOL_ID: z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must be a user pool id like eu-west-2_AbCdEf123')),
  CONSOLE_CLIENT_ID: z.string().check(z.minLength(1)),
  COGNITO_DOMAIN_URL: z.url({ protocol: /^https$/ }),
  PUBLIC_BASE_URL: z.url(),
});

/** Read once per cold start; a missing value fails loudly with its name. */
export function cognitoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CognitoSignInConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Invalid console environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const e = parsed.data;
  return {
    userPoolId: e.USER_POOL_ID,
    clientId: e.CONSOLE_CLIENT_ID,
    domainUrl: e.COGNITO_DOMAIN_URL.replace(/\/+$/, ''),
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
  };
}

export const callbackUrl = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/+$/, '')}/console/callback`;
export const signedOutUrl = (publicBaseUrl: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/console/signed-out`;

export interface CognitoSignInDeps {
  tokens: TokenEndpoint;
  userPool: UserPoolSessions;
  /** Preloaded signing keys (tests); in AWS they are fetched from the pool's jwks.json and cached. */
  jwks?: Jwks;
}

const tryAgain = 'Please sign in again.';

export function cognitoSignIn(config: CognitoSignInConfig, deps: CognitoSignInDeps): SignInMethod {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    tokenUse: 'access',
    includeRawJwtInErrors: true,
  });
  if (deps.jwks) verifier.cacheJwks(deps.jwks);
  const redirectUri = callbackUrl(config.publicBaseUrl);
  // Cognito's /logout ends its own sign-in cookie in this browser, then comes back to the signed-out page.
  const logoutUrl = (): string => {
    const logout = new URL('/logout', config.domainUrl);
    logout.search = new URLSearchParams({
      client_id: config.clientId,
      logout_uri: signedOutUrl(config.publicBaseUrl),
    }).toString();
    return logout.toString();
  };

  return {
    completesAt: 'callback',
    formOrigins: [new URL(config.domainUrl).origin],

    verify: (token) => verified(() => verifier.verify(token)),

    async refresh(refreshToken) {
      try {
        const t = await deps.tokens.refresh(refreshToken);
        return { token: t.accessToken, refreshToken: t.refreshToken ?? refreshToken };
      } catch (error) {
        // Revoked or expired: the session ends. An outage is not the therapist's doing: the session stays.
        if (error instanceof TokenRequestRefused) return undefined;
        if (error instanceof TokenEndpointUnavailable) throw new SessionCheckUnavailable(error.message);
        throw error;
      }
    },

    async start(attempt) {
      const authorize = new URL('/oauth2/authorize', config.domainUrl);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: scopes,
        state: attempt.state,
        code_challenge: codeChallenge(attempt.verifier),
        code_challenge_method: 'S256',
      }).toString();
      return { kind: 'redirect', location: authorize.toString() };
    },

    async complete({ attempt, query }) {
      if (query.error !== undefined) throw new SignInFailed(`Signing in did not finish. ${tryAgain}`, 400);
      const code = query.code;
      if (!code || !/^[\w.~-]{1,512}$/.test(code))
        throw new SignInFailed(`The sign-in answer was incomplete. ${tryAgain}`, 400);
      try {
        const t = await deps.tokens.exchangeCode({ code, codeVerifier: attempt.verifier, redirectUri });
        return { token: t.accessToken, ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}) };
      } catch (error) {
        if (error instanceof TokenRequestRefused)
          throw new SignInFailed(`This sign-in has expired or was already used. ${tryAgain}`, 400);
        if (error instanceof TokenEndpointUnavailable)
          throw new SignInFailed('We could not reach the sign-in service just now. Please try again in a minute.', 503);
        throw error;
      }
    },

    async end({ refreshToken }) {
      // Revoking the refresh token ends every token it issued; a failure must not keep anyone signed in here.
      if (refreshToken) await deps.tokens.revoke(refreshToken).catch(() => undefined);
      return logoutUrl();
    },

    async endEverywhere({ token }) {
      try {
        await deps.userPool.globalSignOut(token);
      } catch (error) {
        // Revoked or expired already: nothing left there to end. An outage is said, so it can be tried again.
        if (error instanceof UserPoolUnavailable) throw new SignOutUnavailable(error.message);
        if (!(error instanceof GlobalSignOutRefused)) throw error;
      }
      return logoutUrl();
    },
  };
}
