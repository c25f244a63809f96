/**
 * The site's icon: a small green door ajar, in SVG so one file is sharp at every size. Public and
 * the same for everyone, so unlike every other answer it may be cached, by the browser and by any
 * cache between, for a week.
 */
import type { HttpResult } from './operation.js';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1a5e3a"/><path d="M10 6h12v20H10z" fill="#f6f6f3"/><path d="M10 6l9 3v20l-9-3z" fill="#cfe3d6"/><circle cx="17" cy="17" r="1.3" fill="#1a5e3a"/></svg>`;

export const faviconAnswer = (): HttpResult => ({
  status: 200,
  text: { contentType: 'image/svg+xml', body: svg },
  headers: { 'cache-control': 'public, max-age=604800, immutable' },
});
