/**
 * The HTTP API's CORS rules beside the stage's allowed origins (infra/config.ts `allowedOrigins`):
 * the API stack configures API Gateway's corsPreflight with them, and the local server answers
 * preflight requests with them, so a browser app meets the same rules on both.
 */
import type { HttpMethod } from '#shared/manifest/routes.js';

export const cors = {
  allowMethods: ['GET', 'POST', 'PUT', 'DELETE'] as const satisfies readonly HttpMethod[],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'] as const,
  // Bearer tokens, never cookies: a browser need not send credentials.
  allowCredentials: false,
  maxAgeSeconds: 3600,
} as const;
