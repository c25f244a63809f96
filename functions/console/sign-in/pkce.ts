/** PKCE (RFC 7636, S256) and the OAuth state: random values a sign-in keeps in its own cookie. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes: 43 base64url characters, the shortest verifier RFC 7636 allows. */
export const randomValue = (): string => randomBytes(32).toString('base64url');

export const codeChallenge = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');
