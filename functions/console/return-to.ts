/**
 * Where a visitor goes after signing in: back to the console page they asked for, and only ever to a
 * console page on this origin. Anything else (another origin, a scheme-relative `//evil`, a
 * backslash that some browsers read as a slash, a sign-in page that would loop) becomes the inbox.
 */
export const consoleHome = '/console';

/** Pages that must not be returned to: they would loop or act again. */
const neverReturnTo = new Set(['/console/sign-in', '/console/callback', '/console/sign-out', '/console/signed-out']);

/** Enough for any console URL with its query; a longer value is not one we made. */
const maxLength = 512;

export function safeReturnTo(candidate: string | undefined): string {
  if (candidate === undefined || candidate === '' || candidate.length > maxLength) return consoleHome;
  // Only a path: no scheme, no authority, no backslashes or control characters to be reinterpreted.
  if (!candidate.startsWith('/') || candidate.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(candidate))
    return consoleHome;
  let url: URL;
  try {
    url = new URL(candidate, 'https://console.invalid');
  } catch {
    return consoleHome;
  }
  if (url.origin !== 'https://console.invalid') return consoleHome;
  const path = url.pathname;
  if (path !== consoleHome && !path.startsWith(`${consoleHome}/`)) return consoleHome;
  if (neverReturnTo.has(path)) return consoleHome;
  return `${path}${url.search}`;
}

/** The sign-in address that comes back to `path` afterwards. */
export const signInFor = (path: string): string => {
  const back = safeReturnTo(path);
  return back === consoleHome ? '/console/sign-in' : `/console/sign-in?returnTo=${encodeURIComponent(back)}`;
};
