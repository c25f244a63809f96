/**
 * The HTML part: simple, inline-styled (mail clients drop <style> blocks), readable at any width,
 * with AA contrast. Every value passes through escapeHtml; URLs were checked to be http(s) when the
 * message was parsed, and are escaped here too.
 */
import { escapeHtml } from '../http/html.js';
import { crisisHeading, crisisLineText, elsewhereText, signOff, type Block, type Link } from './blocks.js';

const text = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2328';
const muted =
  'margin:24px 0 0;padding-top:12px;border-top:1px solid #d0d7de;font-size:14px;line-height:1.5;color:#57606a';
const primary =
  'display:inline-block;padding:10px 18px;border-radius:6px;background:#1a5e3a;color:#ffffff;text-decoration:none;font-weight:600';
const secondary =
  'display:inline-block;margin:0 8px 8px 0;padding:8px 16px;border-radius:6px;border:2px solid #1a5e3a;color:#1a5e3a;text-decoration:none;font-weight:600';

/** Paragraph text: escaped, with the writer's own line breaks kept. */
const multiline = (value: string): string =>
  value.replace(/\r\n?/g, '\n').trim().split('\n').map(escapeHtml).join('<br>');

const anchor = (link: Link, style: string): string =>
  `<a href="${escapeHtml(link.url)}" style="${style}">${escapeHtml(link.label)}</a>`;

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p style="${text}">${multiline(b.text)}</p>`;
    case 'button':
      return `<p style="${text}">${anchor(b.link, primary)}</p>`;
    case 'choices':
      return `<p style="${text}">${b.links.map((l) => anchor(l, secondary)).join(' ')}</p>`;
    case 'quote':
      return `<p style="${text}">${escapeHtml(b.intro)}</p><blockquote style="margin:0 0 16px;padding:4px 0 4px 16px;border-left:4px solid #d0d7de;font-size:16px;line-height:1.5;color:#1f2328">${multiline(b.text)}</blockquote>`;
    case 'list':
      return `<p style="${text}">${escapeHtml(b.intro)}</p><ul style="${text};padding-left:24px">${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'crisis':
      return `<div style="margin:0 0 16px;padding:12px 16px;border-radius:6px;background:#f6f8fa"><p style="${text};margin-bottom:8px">${escapeHtml(crisisHeading)}</p><ul style="${text};margin:0 0 8px;padding-left:24px">${b.support.lines.map((l) => `<li>${escapeHtml(crisisLineText(l))}</li>`).join('')}</ul><p style="${text};margin:0">${escapeHtml(elsewhereText(b.support))}</p></div>`;
    case 'signature':
      // The name isolated (<bdi>): a right-to-left name keeps its own direction and leaves the rest alone.
      return `<p style="${text}">${escapeHtml(signOff)}<br><bdi>${escapeHtml(b.name)}</bdi></p>`;
    case 'footer':
      return `<p style="${muted}">${multiline(b.text)}${b.link ? `<br>${anchor(b.link, 'color:#0a50a8')}` : ''}</p>`;
    case 'reach':
      throw new Error('A reach block is resolved before rendering (render-template.ts)');
  }
}

export function renderHtml(subject: string, blocks: readonly Block[]): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:24px 12px;background:#f7f7f4;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif">
<div style="max-width:36rem;margin:0 auto;padding:24px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px">
${blocks.map(block).join('\n')}
</div>
</body>
</html>
`;
}
