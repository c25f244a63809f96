/**
 * Where a therapist's email links open: the console page for that enquiry, booking or return
 * request (functions/console), behind sign-in. The console is served by this deployment's API, so
 * these use `publicBaseUrl` even when clients' links go to a front end of the deployment's own
 * (`appUrl`). One-click Accept, Decline and Confirm links are not these: they stay /actions/{token}.
 */
import type { Settings } from '../config.js';

const consolePage = (settings: Pick<Settings, 'publicBaseUrl'>, path: string): string =>
  `${settings.publicBaseUrl.replace(/\/+$/, '')}/console${path}`;

export const enquiryPageUrl = (settings: Pick<Settings, 'publicBaseUrl'>, enquiryId: string): string =>
  consolePage(settings, `/enquiries/${enquiryId}`);
export const bookingPageUrl = (settings: Pick<Settings, 'publicBaseUrl'>, bookingId: string): string =>
  consolePage(settings, `/bookings/${bookingId}`);
export const returnPageUrl = (settings: Pick<Settings, 'publicBaseUrl'>, returnId: string): string =>
  consolePage(settings, `/returns/${returnId}`);
export const waitingListPageUrl = (settings: Pick<Settings, 'publicBaseUrl'>): string =>
  consolePage(settings, '/waiting-list');
