/**
 * The one-click Accept and Decline links in a therapist's email. Each is a fresh single-use token
 * issued in the same transaction as the email that carries it; the URL holds nothing but the token.
 */
import type { Settings } from '#shared/config.js';
import { actionLinkExpiresAt } from '#shared/domain/enquiry-rules.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { enquiryPageUrl } from '../console-links.js';
import type { Store } from '#shared/store/index.js';

/** Where email links open: the deployment's own front end when it has one, else the API's pages. */
export const linkBase = (settings: Pick<Settings, 'appUrl' | 'publicBaseUrl'>): string =>
  (settings.appUrl ?? settings.publicBaseUrl).replace(/\/+$/, '');

export const actionUrl = (settings: Settings, token: string): string => `${linkBase(settings)}/actions/${token}`;

/** Where the therapist reads the whole enquiry, behind sign-in: its console page. */
export const enquiryUrl = (settings: Settings, enquiryId: string): string => enquiryPageUrl(settings, enquiryId);

export interface ActionLinks {
  acceptUrl: string;
  declineUrl: string;
  puts: TransactItem[];
}

export function issueActionLinks(
  settings: Settings,
  store: Store,
  therapistId: string,
  enquiryId: string,
  now: Date,
): ActionLinks {
  const expiresAt = actionLinkExpiresAt(now, settings);
  const accept = store.tokens.issue('enquiry-accept', therapistId, enquiryId, expiresAt);
  const decline = store.tokens.issue('enquiry-decline', therapistId, enquiryId, expiresAt);
  return {
    acceptUrl: actionUrl(settings, accept.token),
    declineUrl: actionUrl(settings, decline.token),
    puts: [accept.put, decline.put],
  };
}
