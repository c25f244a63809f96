/** `given` steps: the world before the action — therapists, clients, what a client would send. */
import { randomUUID } from 'node:crypto';
import { getRuntime } from '#shared/runtime.js';
import { putTherapist, type TherapistProfile } from '#shared/store/therapists.js';
import { handlerMode, remoteTherapists } from '../driver.js';

export type GivenTherapist = Pick<TherapistProfile, 'therapistId' | 'displayName' | 'email' | 'timeZone'>;

/** A therapist to write to: seeded into the test table, or one of THRESHOLD_THERAPISTS over HTTP. */
export async function aTherapist(overrides: Partial<TherapistProfile> = {}, remoteIndex = 0): Promise<GivenTherapist> {
  if (!handlerMode) {
    const remote = remoteTherapists()[remoteIndex];
    if (!remote) throw new Error(`THRESHOLD_THERAPISTS needs at least ${remoteIndex + 1} therapist(s)`);
    return { therapistId: remote.id, email: remote.email, displayName: 'the therapist', timeZone: 'Europe/London' };
  }
  const id = randomUUID();
  const profile: TherapistProfile = {
    therapistId: `t-${id}`,
    displayName: 'Sam Rivera',
    shortName: 'Sam',
    email: `sam-${id}@therapist.test`,
    timeZone: 'Europe/London',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
  const { db, config } = getRuntime();
  await putTherapist(db, config.tableName, profile);
  return profile;
}

export interface GivenClient {
  name: string;
  email: string;
  phone: string;
  /** A client address of their own, so rate limits of one test never touch another's. */
  sourceIp: string;
}

const octet = () => Math.floor(Math.random() * 254) + 1;

/** A prospective client with a unique address (the SES emulator's mailbox is shared by every test). */
export function aClient(overrides: Partial<GivenClient> = {}): GivenClient {
  const tag = randomUUID().slice(0, 12);
  return {
    name: `Alex ${tag.slice(0, 4)}`,
    email: `alex-${tag}@client.test`,
    phone: `+44 7700 9${String(octet()).padStart(5, '0')}`,
    sourceIp: `10.${octet()}.${octet()}.${octet()}`,
    ...overrides,
  };
}

/** Words that would never appear by chance, to look for the message in emails and logs. */
export const secretMessage = (): string => `I have been struggling with sleep since the accident ${randomUUID()}`;

export function anEnquiryFrom(client: GivenClient, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: client.name,
    email: client.email,
    phone: client.phone,
    preferredContact: 'email',
    message: secretMessage(),
    timePreferences: 'Weekday evenings after 6',
    consent: true,
    ...overrides,
  };
}
