/** What a person sees in an HTML email, as words, for comparing it with the text part. */
const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

export const decode = (s: string): string => s.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => entities[e]!);

/** The body's visible text: head dropped, tags become spaces, entities decoded. */
export function visibleText(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<!doctype[^>]*>/i, '');
  return decode(body.replace(/<br>/g, '\n').replace(/<[^>]+>/g, ' '));
}

export const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]!));

/** Words in reading order, with surrounding punctuation and list bullets removed. */
export const words = (text: string): string[] =>
  text
    .split(/\s+/)
    .map((w) => w.replace(/^[-:.,;()"']+|[-:.,;()"']+$/g, ''))
    .filter((w) => w.length > 0);
