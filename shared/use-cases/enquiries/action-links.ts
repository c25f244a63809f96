/**
 * The one-click Accept and Decline links in a therapist's email. Each is a fresh single-use token
 * issued in the same transaction as the email that carries it; the URL holds nothing but the token.
 */
import type { Settings } from '../../config.js';
import { actionLinkExpiresAt } from '../../domain/enquiry-rules.js';
import type { TransactItem } from '../../store/outbox.js';
import { issueToken } from '../../store/tokens.js';
import { enquiryPageUrl } from '../console-links.js';

/** Where email links open: the deployment's own front end when it has one, else the API's pages. */
export const linkBase = (settings: Pick<Settings, 'appUrl' | 'publicBaseUrl'>): string => (settings.appUrl ?? settings.publicBaseUrl).replace(/\/+$/, '');

export const actionUrl = (settings: Settings, token: string): string => `${linkBase(settings)}/actions/${token}`;

/** Where the therapist reads the whole enquiry, behind sign-in: its console page. */
export const enquiryUrl = (settings: Settings, enquiryId: string): string => enquiryPageUrl(settings, enquiryId);

export interface ActionLinks {
  acceptUrl: string;
  declineUrl: string;
  puts: TransactItem[];
}

export function issueActionLinks(settings: Settings, tableName: string, therapistId: string, enquiryId: string, now: Date): ActionLinks {
  const expiresAt = actionLinkExpiresAt(now, settings);
  const accept = issueToken(tableName, 'enquiry-accept', therapistId, enquiryId, expiresAt);
  const decline = issueToken(tableName, 'enquiry-decline', therapistId, enquiryId, expiresAt);
  return { acceptUrl: actionUrl(settings, accept.token), declineUrl: actionUrl(settings, decline.token), puts: [accept.put, decline.put] };
}
