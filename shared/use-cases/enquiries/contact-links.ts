/** Where a person writes to a therapist: the contact page, and the page for coming back after a break. */
import type { Settings } from '#shared/config.js';
import { linkBase } from './action-links.js';

export const contactPageUrl = (settings: Settings, therapistId: string): string =>
  `${linkBase(settings)}/contact/${encodeURIComponent(therapistId)}`;

export const returnPageUrl = (settings: Settings, therapistId: string): string =>
  `${contactPageUrl(settings, therapistId)}/return`;
