/**
 * Cognito's OAuth 2.0 token and revocation endpoints: the console's one outbound call besides
 * DynamoDB. A port (TokenEndpoint) with a fetch adapter; the adapter's contract (form fields, the
 * PKCE verifier, no client secret, error answers) is tested against a local fake of the endpoint
 * (test/integration/console/token-endpoint.test.ts), because Cognito cannot run here.
 */
import * as z from '#shared/zod.js';

export interface TokenSet {
  accessToken: string;
  idToken?: string;
  /** Only on the code exchange (and on a refresh when Cognito rotates refresh tokens). */
  refreshToken?: string;
  expiresInSeconds: number;
}

export interface TokenEndpoint {
  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  revoke(refreshToken: string): Promise<void>;
}

/** The endpoint answered and said no (`invalid_grant`: a used or expired code, a revoked refresh token). */
export class TokenRequestRefused extends Error {
  override readonly name = 'TokenRequestRefused';
  constructor(
    readonly error: string,
    readonly status: number,
  ) {
    super(`The token endpoint refused the request: ${error}`);
  }
}

/** The endpoint could not be reached, timed out, failed, or answered with something that is not OAuth. */
export class TokenEndpointUnavailable extends Error {
  override readonly name = 'TokenEndpointUnavailable';
}

const tokenResponse = z.object({
  access_token: z.string().check(z.minLength(1)),
  id_token: z.optional(z.string().check(z.minLength(1))),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
  token_type: z.string().check(z.refine((t) => t.toLowerCase() === 'bearer')),
  expires_in: z.number().check(z.int(), z.positive()),
});

/** RFC 6749 §5.2: `error` is an ASCII code; the description (if any) is not shown to anyone. */
const errorResponse = z.object({ error: z.string().check(z.regex(/^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/)) });

export interface FetchTokenEndpointOptions {
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  domainUrl: string;
  clientId: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export function fetchTokenEndpoint(options: FetchTokenEndpointOptions): TokenEndpoint {
  const base = options.domainUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5000;

  async function post(
    path: '/oauth2/token' | '/oauth2/revoke',
    fields: Record<string, string>,
  ): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method: 'POST',
        // A public client: the client id goes in the body and there is no Authorization header.
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ ...fields, client_id: options.clientId }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new TokenEndpointUnavailable(
        `The token endpoint could not be reached (${error instanceof Error ? error.name : 'error'})`,
      );
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.status >= 400 && response.status < 500) {
      const refusal = errorResponse.safeParse(body);
      if (refusal.success) throw new TokenRequestRefused(refusal.data.error, response.status);
    }
    if (!response.ok) throw new TokenEndpointUnavailable(`The token endpoint answered ${response.status}`);
    return { status: response.status, body };
  }

  async function tokens(fields: Record<string, string>): Promise<TokenSet> {
    const { body } = await post('/oauth2/token', fields);
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) throw new TokenEndpointUnavailable('The token endpoint answered without the tokens');
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      expiresInSeconds: t.expires_in,
      ...(t.id_token ? { idToken: t.id_token } : {}),
      ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    };
  }

  return {
    exchangeCode: ({ code, codeVerifier, redirectUri }) =>
      tokens({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier }),
    refresh: (refreshToken) => tokens({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async revoke(refreshToken) {
      await post('/oauth2/revoke', { token: refreshToken });
    },
  };
}
