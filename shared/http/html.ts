/**
 * Small server-rendered pages (one-click actions, booking, managing a booking). Every value goes
 * through `escapeHtml`; the layout works without JavaScript and meets WCAG AA contrast.
 */
import { createHash } from 'node:crypto';
import { contentSecurityPolicy } from './security-headers.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c]!);
}

/** A tagged template that escapes every interpolation unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const rendered = Array.isArray(v)
      ? v.map((x) => (x instanceof SafeHtml ? x.value : escapeHtml(x))).join('')
      : v instanceof SafeHtml
        ? v.value
        : escapeHtml(v);
    out += rendered + strings[i + 1]!;
  }
  return new SafeHtml(out);
}

const styles = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1f2328;background:#f7f7f4}
body{margin:0;padding:1.5rem}main{max-width:36rem;margin:0 auto;background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1.5rem 1.75rem}
h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin:1rem 0 .25rem}
textarea,input,select{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #57606a;border-radius:.375rem}
button{font:inherit;margin-top:1rem;padding:.6rem 1.2rem;border-radius:.375rem;border:2px solid #1a5e3a;background:#1a5e3a;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1a5e3a}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}.muted{color:#57606a}fieldset{border:0;padding:0;margin:0}
@media (max-width:30rem){body{padding:.5rem}main{padding:1rem}}
`;

/**
 * The icon every page names, served by the API (GET /favicon.ico, favicon.ts): without it a browser
 * asks for /favicon.ico on every page load and gets a 404.
 */
export const faviconLink = '<link rel="icon" href="/favicon.ico" type="image/svg+xml">';

/** `styles`: the page's own rules, after the shared ones. */
export function page(title: string, body: SafeHtml, options: { lang?: string; styles?: string } = {}): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en-GB')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${faviconLink}
<title>${escapeHtml(title)}</title>
<style>${styles}${options.styles ?? ''}</style>
</head>
<body>
<main>
${body.value}
</main>
</body>
</html>`;
}

/** A kind error page with the same status a JSON client would get. */
export function errorPage(title: string, detail: string): string {
  return page(title, html`<h1>${title}</h1><p>${detail}</p>`);
}

/** A CSP source for one inline script: the page allows exactly that script and no other. */
export const scriptHash = (source: string): string =>
  `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

/** A page's Content-Security-Policy: the one builder every answer uses (security-headers.ts). */
export function pageSecurityPolicy(
  o: { scriptHashes?: readonly string[]; frameAncestors?: readonly string[] } = {},
): string {
  // Images from this origin: the favicon, and nothing else.
  return contentSecurityPolicy({ ...o, selfImages: true });
}
