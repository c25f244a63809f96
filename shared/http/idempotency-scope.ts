/**
 * Whose retry is whose. An Idempotency-Key is chosen by the caller, so it is unique only among that
 * caller's requests: the record of a first answer must be found again by the same caller, and by
 * nobody else. Who the caller is depends on the route:
 * - a therapist route: the therapist (the JWT `sub`);
 * - a public route with a `{token}` in its path: whoever holds that token (the token is the
 *   credential, and it is already in the path parameters);
 * - any other public route (first contact, a return request): nobody we may name. An address or a
 *   cookie would be personal data, and an address is shared by everyone behind one network. The
 *   body stands in for the caller: a retry sends the same body, and a different person sends a
 *   different one. So on these routes another body under the same key is simply another request
 *   (the use case's own rules, such as one enquiry per person per day, still apply), never a 422,
 *   and never the first person's answer. Someone who could send the first person's exact body
 *   with their exact key would learn only what they already sent.
 * Bodies are compared as canonical JSON (keys sorted at every depth), so a retry that builds its
 * object in another order is still a retry.
 * Nothing stored lets a reader of the table confirm a guessed body (an erased person's email, say):
 * the body's digest is an HMAC keyed by the Idempotency-Key, which is never stored in the clear.
 * Callers should send a random key (a UUID): the key's randomness is that protection.
 */
import { createHash, createHmac } from 'node:crypto';

/** JSON with object keys sorted at every depth; array order is meaningful and kept. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value)) ?? 'null';
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((k) => [k, sorted(object[k])]),
  );
}

export interface IdempotentRequest {
  /** API Gateway's routeKey, e.g. `POST /therapists/{therapistId}/enquiries`. */
  routeKey: string;
  pathParameters: Record<string, string | undefined>;
  /** The therapist on a therapist route. */
  therapistId: string | undefined;
  /** The route's path names a token parameter: whoever holds it is the caller. */
  tokenInPath: boolean;
  idempotencyKey: string;
  /** The body as sent (parsed JSON or form fields), before validation. */
  body: unknown;
}

export interface IdempotencyScope {
  /** Names the record: the same for a retry by the same caller, different for anyone else. */
  scope: string;
  /** Tells a retry from another request under the same key and scope. */
  requestDigest: string;
}

export function idempotencyScope(request: IdempotentRequest): IdempotencyScope {
  const requestDigest = createHmac('sha256', request.idempotencyKey)
    .update(`idempotency-body\u0000${canonicalJson(request.body)}`)
    .digest('base64url');
  const caller =
    request.therapistId !== undefined
      ? ['therapist', request.therapistId]
      : request.tokenInPath
        ? ['token-holder']
        : ['body', requestDigest];
  const scope = createHash('sha256')
    .update(canonicalJson([request.routeKey, request.pathParameters, caller, request.idempotencyKey]))
    .digest('base64url');
  return { scope, requestDigest };
}
