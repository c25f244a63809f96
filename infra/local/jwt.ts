/**
 * Local stand-in for the Cognito user pool behind API Gateway's JWT authorizer: an ES256 key kept in
 * `.local/jwt-key.json` (so printed tokens survive restarts), tokens with the claims a Cognito ID
 * token carries, and verification with the checks the authorizer makes (key id and signature, issuer,
 * audience or client_id, expiry, not-before, issued-at) on the claims Cognito always sets.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import * as z from 'zod';
import { localDir } from './stack.js';

/** Stands in for `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
export const localIssuer = 'https://cognito-idp.localhost/threshold-local';
/** Stands in for the user pool app client id, which the authorizer's audience list names. */
export const localClientId = 'threshold-local-client';

const algorithm = 'ES256';
export const defaultKeyFile = resolve(localDir, 'jwt-key.json');

const keyFileSchema = z.object({
  kid: z.string().min(1),
  privateJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), d: z.string() }),
});

export interface LocalSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const loaded = new Map<string, Promise<LocalSigningKey>>();

async function readOrCreate(file: string): Promise<LocalSigningKey> {
  if (existsSync(file)) {
    const parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(
        `${file} is not a local signing key. Delete it to make a new one (existing tokens stop working).`,
      );
    const { kid, privateJwk } = parsed.data;
    const { d: _d, ...publicJwk } = privateJwk;
    return {
      kid,
      privateKey: (await importJWK(privateJwk as JWK, algorithm)) as CryptoKey,
      publicKey: (await importJWK(publicJwk as JWK, algorithm)) as CryptoKey,
    };
  }
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const kid = randomUUID();
  const privateJwk = await exportJWK(privateKey);
  mkdirSync(dirname(file), { recursive: true });
  // Owner-only: anyone holding it can mint therapist tokens for the local stack.
  writeFileSync(file, JSON.stringify({ kid, privateJwk: { ...privateJwk, kid, alg: algorithm } }, null, 2), {
    mode: 0o600,
  });
  return { kid, privateKey, publicKey };
}

/** The key in `file`, created on first use; loaded once per process and file. */
export function loadSigningKey(file: string = defaultKeyFile): Promise<LocalSigningKey> {
  const path = resolve(file);
  let key = loaded.get(path);
  if (!key) {
    key = readOrCreate(path);
    loaded.set(path, key);
    key.catch(() => loaded.delete(path));
  }
  return key;
}

export interface SignOptions {
  /** Seconds, or a jose duration such as '30d' or '1h'. */
  expiresIn: number | string;
  email?: string;
  /** Issue time; tests move it to mint already-expired tokens. */
  now?: Date;
  key?: LocalSigningKey;
}

/** A token shaped like a Cognito ID token for the therapist whose Cognito `sub` is `sub`. */
export async function signTherapistToken(sub: string, options: SignOptions): Promise<string> {
  const key = options.key ?? (await loadSigningKey());
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = typeof options.expiresIn === 'number' ? iat + options.expiresIn : relative(options.expiresIn, iat);
  return new SignJWT({
    token_use: 'id',
    auth_time: iat,
    email: options.email ?? `${sub}@threshold.local`,
    email_verified: true,
    'cognito:username': sub,
  })
    .setProtectedHeader({ alg: algorithm, kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(localIssuer)
    .setAudience(localClientId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** jose reads a duration string relative to the wall clock; resolve it against `iat` instead so `now` applies. */
function relative(duration: string, iat: number): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(duration.trim());
  if (!match) throw new Error(`Unsupported expiresIn "${duration}": use seconds or a number with s, m, h or d.`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return iat + Number(match[1]) * unit;
}

export interface VerifyOptions {
  key?: LocalSigningKey;
  now?: Date;
}

/**
 * Cognito issues two kinds of token an app may send: an ID token (`token_use: "id"`, the app client
 * in `aud`) and an access token (`token_use: "access"`, the app client in `client_id`, no `aud`),
 * each with `exp` and `iat`. API Gateway's JWT authorizer names the audience in `aud` when there is
 * one and falls back to `client_id` only when there is none.
 */
function isCognitoTokenFor(payload: JWTPayload, clientId: string): boolean {
  if (payload.aud !== undefined) {
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
    return payload.token_use === 'id' && audiences.includes(clientId);
  }
  return payload.token_use === 'access' && payload.client_id === clientId;
}

/**
 * The verified claims of `Authorization: Bearer <jwt>`, or undefined when API Gateway's JWT authorizer
 * would answer 401. Like the authorizer it accepts the token with or without the `Bearer ` prefix, and
 * checks what it checks: the signature by the key the `kid` names, `iss`, `aud` (or `client_id`),
 * `exp`, `nbf` and `iat`. Claims Cognito always sets (`exp`, `iat`, `token_use`) are required, so
 * nothing passes here that Cognito could not have issued: a token without `exp` would never lapse.
 */
export async function verifyBearer(
  authorization: string | undefined,
  options: VerifyOptions = {},
): Promise<JWTPayload | undefined> {
  if (!authorization) return undefined;
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  if (token === '' || token.split('.').length !== 3) return undefined;
  const key = options.key ?? (await loadSigningKey());
  const now = options.now ?? new Date();
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        // The authorizer picks the key from the issuer's JWKS by kid; an unknown or absent kid is no key at all.
        if (header.kid !== key.kid) throw new Error('unknown kid');
        return key.publicKey;
      },
      {
        issuer: localIssuer,
        algorithms: [algorithm],
        requiredClaims: ['exp', 'iat', 'sub', 'token_use'],
        currentDate: now,
      },
    );
    // jose reads iat only to bound a token's age; the authorizer also refuses one issued in the future.
    if (payload.iat! * 1000 > now.getTime()) return undefined;
    if (!isCognitoTokenFor(payload, localClientId)) return undefined;
    if (typeof payload.sub !== 'string' || payload.sub === '') return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

/**
 * Claims as API Gateway hands them to the function: every value a string (numbers and booleans
 * stringified, arrays as `[a b]`), which is what handlers must cope with in AWS.
 */
export function claimsAsApiGatewayPasses(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') claims[name] = value;
    else if (Array.isArray(value)) claims[name] = `[${value.map(String).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}
