/**
 * GET/PUT /me/profile: what the public sees of a therapist beyond their name. Their contact page
 * addresses, the crisis lines their clients are shown (their own where they practise somewhere the
 * deployment's lines do not fit, else the deployment's), and the websites allowed to embed their
 * contact page.
 */
import type { CrisisSupport } from '#shared/config.js';
import { NotFound } from '#shared/domain/errors.js';
import type { PublicSettings, TherapistProfile } from '#shared/store/therapists.js';
import { crisisSupportOf } from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';
import { contactPageUrl, returnPageUrl } from '../enquiries/contact-links.js';

export interface PublicProfile {
  therapistId: string;
  displayName: string;
  shortName: string;
  timeZone: string;
  contactPageUrl: string;
  returnPageUrl: string;
  crisisSupport: CrisisSupport;
  /** "own" once the therapist set theirs; "deployment" while they use the deployment's. */
  crisisSupportSource: 'own' | 'deployment';
  embedOrigins: string[];
  fees?: string;
}

function view(deps: UseCaseDeps, p: TherapistProfile): PublicProfile {
  const { settings } = deps.config;
  return {
    therapistId: p.therapistId,
    displayName: p.displayName,
    shortName: p.shortName,
    timeZone: p.timeZone,
    contactPageUrl: contactPageUrl(settings, p.therapistId),
    returnPageUrl: returnPageUrl(settings, p.therapistId),
    crisisSupport: crisisSupportOf(p, settings),
    crisisSupportSource: p.crisisSupport ? 'own' : 'deployment',
    embedOrigins: p.embedOrigins ?? [],
    ...(p.fees ? { fees: p.fees } : {}),
  };
}

export async function readPublicProfile(deps: UseCaseDeps, therapistId: string): Promise<PublicProfile> {
  const profile = await deps.store.therapists.get(therapistId);
  if (!profile) throw new NotFound('profile');
  return view(deps, profile);
}

export async function savePublicProfile(
  deps: UseCaseDeps,
  therapistId: string,
  settings: PublicSettings,
): Promise<PublicProfile> {
  const saved = await deps.store.therapists.setPublicSettings(therapistId, settings);
  if (!saved) throw new NotFound('profile');
  return view(deps, saved);
}
