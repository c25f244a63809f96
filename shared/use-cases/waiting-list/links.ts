/**
 * The waiting person's links (stay on the list, leave it) and the therapist's link to the list.
 * Stay and leave are single-use tokens issued in the same transaction as the email that carries
 * them; the URL holds nothing but the token. Each opens a page that asks first (GET never acts).
 */
import type { Settings } from '#shared/config.js';
import { waitingLinkExpiresAt } from '#shared/domain/waiting-list.js';
import type { IssuedToken } from '#shared/store/tokens.js';
import { waitingListPageUrl } from '../console-links.js';
import { linkBase } from '../enquiries/action-links.js';
import type { Store } from '#shared/store/index.js';

export const waitingLinkUrl = (settings: Settings, token: string): string =>
  `${linkBase(settings)}/waiting-list/${token}`;

/** Where the therapist sees the list, behind sign-in: its console page, never the JSON route (a browser gets 401 there). */
export const waitingListUrl = (settings: Pick<Settings, 'publicBaseUrl'>): string => waitingListPageUrl(settings);

export interface WaitingLink extends IssuedToken {
  url: string;
}

export function issueWaitingLink(
  settings: Settings,
  store: Store,
  purpose: 'waiting-stay' | 'waiting-leave',
  therapistId: string,
  entryId: string,
  now: Date,
): WaitingLink {
  const issued = store.tokens.issue(purpose, therapistId, entryId, waitingLinkExpiresAt(now));
  return { ...issued, url: waitingLinkUrl(settings, issued.token) };
}
