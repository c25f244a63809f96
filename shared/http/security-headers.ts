/**
 * The headers every answer carries, whoever makes it: the capability handlers (api-handler.ts) and
 * the local server's own answers (infra/local/http-server.ts). One definition, so they cannot drift.
 */
export const securityHeaders = {
  // Answers are about one person at one moment: no shared or browser cache keeps them.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Links carry tokens in the path: never let them leak through Referer.
  'referrer-policy': 'no-referrer',
} as const satisfies Record<string, string>;
