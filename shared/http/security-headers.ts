/**
 * The headers every answer carries, whoever makes it: the API pipeline (middleware/http-response.ts),
 * the console's (functions/console/middleware) and the local server's own answers
 * (infra/local/http-server.ts). One definition, and one Content-Security-Policy builder, so they cannot drift.
 */
export const securityHeaders = {
  // Answers are about one person at one moment: no shared or browser cache keeps them.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Links carry tokens in the path: never let them leak through Referer.
  'referrer-policy': 'no-referrer',
} as const satisfies Record<string, string>;

export interface PolicyOptions {
  /** A fresh nonce per answer allows the page's own <style> and <script> elements (the console's frame). */
  nonce?: string;
  /** Without a nonce: inline styles, and scripts only by hash (html.ts `scriptHash`). */
  scriptHashes?: readonly string[];
  /** Images from this origin (the console's). */
  selfImages?: boolean;
  /** Origins a form may post to or redirect through besides this one (signing out ends at Cognito). */
  formOrigins?: readonly string[];
  /** Who may frame the page; nobody by default. */
  frameAncestors?: readonly string[];
}

/**
 * The Content-Security-Policy of a page: nothing loads from elsewhere, styles and scripts only by
 * nonce or hash, forms post back here, and framing only by the listed origins (none by default).
 */
export function contentSecurityPolicy(o: PolicyOptions = {}): string {
  const nonce = o.nonce ? `'nonce-${o.nonce}'` : undefined;
  const scripts = nonce ?? (o.scriptHashes?.length ? o.scriptHashes.join(' ') : "'none'");
  const ancestors = o.frameAncestors?.length ? o.frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'none'",
    `style-src ${nonce ?? "'unsafe-inline'"}`,
    `script-src ${scripts}`,
    ...(o.selfImages ? ["img-src 'self'"] : []),
    `form-action 'self'${(o.formOrigins ?? []).map((origin) => ` ${origin}`).join('')}`,
    `frame-ancestors ${ancestors}`,
    "base-uri 'none'",
  ].join('; ');
}
