/**
 * Keyed hashes (HMAC-SHA256) of a normalised email address, of a client address for rate limits, and
 * of a therapist's calendar feed generation (the feed URL's token).
 * Keyed, not plain SHA-256: the space of emails (and of IPv4 addresses) is small enough to reverse a
 * plain hash by guessing. The key is a deployment secret: EMAIL_HASH_KEY locally, and in AWS the
 * Secrets Manager secret at EMAIL_HASH_KEY_SECRET_ARN, read through the `readSecret` port.
 */
import { createHmac } from 'node:crypto';
import type { RuntimeConfig } from '../config.js';

/** Trimmed and lower-cased: Alex@Example.com and alex@example.com are one person. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const keyedHash = (key: string, purpose: string, value: string): string =>
  createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest('base64url');

export const emailHash = (key: string, email: string): string => keyedHash(key, 'email', normaliseEmail(email));

/** A client address (IP) for per-address rate limits, never stored in the clear. */
export const addressHash = (key: string, address: string): string => keyedHash(key, 'address', address.trim().toLowerCase());

/**
 * The token of a therapist's calendar feed URL: 256 bits, derived from the therapist and the feed's
 * current generation under the secret key, so the URL can be shown again without storing the token
 * (only its SHA-256 is stored, as for link tokens). A new generation is a new, unrelated token.
 */
export const calendarFeedToken = (key: string, therapistId: string, generation: string): string => keyedHash(key, 'calendar-feed', `${therapistId}\u0000${generation}`);

/** Reads a secret's string value; the AWS adapter (Secrets Manager GetSecretValue) plugs in here. */
export type ReadSecret = (secretArn: string) => Promise<string>;

let cached: { source: string; key: string } | undefined;

/** The hash key, read once per cold start. Fails with a message ops can act on when it is missing. */
export async function loadEmailHashKey(config: Pick<RuntimeConfig, 'emailHashKey' | 'emailHashKeySecretArn'>, readSecret?: ReadSecret): Promise<string> {
  if (config.emailHashKey) return config.emailHashKey;
  const arn = config.emailHashKeySecretArn;
  if (!arn) throw new Error('No email hash key: set EMAIL_HASH_KEY (local) or EMAIL_HASH_KEY_SECRET_ARN (AWS).');
  if (cached?.source === arn) return cached.key;
  const read = readSecret ?? (await import('./secrets.js')).readSecretFromSecretsManager;
  const key = (await read(arn)).trim();
  if (key.length < 16) throw new Error('The email hash key secret is shorter than 16 characters.');
  cached = { source: arn, key };
  return key;
}
