/**
 * The client lifecycle. A person is prospective while they are an enquiry or a consultation (no client
 * record yet); "continue" after a consultation, or the therapist bringing in an existing client,
 * makes a record. From then on: active → paused (a break) → active, or → ended, and back to active
 * when they return. Every change is kept with its date (statusHistory), so a therapist reading a
 * return request sees the whole story. Pure: time is an input.
 */
import { StateConflict, RuleViolation } from './errors.js';

export const clientStatuses = ['active', 'paused', 'ended'] as const;
export type ClientStatus = (typeof clientStatuses)[number];

/** Where the record came from: a consultation that continued, or brought in by the therapist. */
export type ClientSource = 'consultation' | 'brought-in';

export interface ClientStatusChange {
  status: ClientStatus;
  /** ISO instant. */
  at: string;
  /** YYYY-MM-DD in the therapist's zone (pauses only). */
  expectedReturn?: string;
}

export interface Client {
  clientId: string;
  therapistId: string;
  name: string;
  email: string;
  /** Keyed hash of the normalised email (store/email-hash.ts): finds the person without the address. */
  emailHash: string;
  status: ClientStatus;
  sessionLengthMinutes?: number;
  createdAt: string;
  updatedAt: string;
  /** The enquiry the person first came through, when they came through one. */
  fromEnquiryId?: string;
  source?: ClientSource;
  /** When the person first got in touch, when known (brought-in clients: the date the therapist gives). */
  firstContactAt?: string;
  /** The last session before Threshold knew about them, or before their pause (kept for the history). */
  lastSessionAt?: string;
  statusChangedAt?: string;
  pausedAt?: string;
  expectedReturn?: string;
  /** The therapist's own words about the pause or ending: shown to them only, never emailed. */
  pauseNote?: string;
  endedAt?: string;
  endNote?: string;
  resumedAt?: string;
  statusHistory?: ClientStatusChange[];
  /** The return request waiting for the therapist, if any: one open request per client. */
  openReturnId?: string;
}

/** A change that is not possible from the client's current status. */
export class ClientStatusConflict extends StateConflict {
  constructor(client: Pick<Client, 'name' | 'status'>, wanted: string) {
    super(`${client.name} is ${describeStatus(client.status)} just now, so they cannot be ${wanted}.`, {
      clientStatus: client.status,
    });
  }
}

/** Bringing in a person who is already a client of this therapist. */
export class ClientAlreadyExists extends StateConflict {
  constructor(clientId?: string) {
    super(
      'This person is already one of your clients, so there is nothing to add. You can find them in your client list.',
      clientId ? { clientId } : undefined,
    );
  }
}

export const describeStatus = (status: ClientStatus): string =>
  status === 'active' ? 'an active client' : status === 'paused' ? 'on a break' : 'no longer seeing you';

export interface PauseRequest {
  now: Date;
  /** Today on the therapist's calendar (YYYY-MM-DD): an expected return must not be before it. */
  today: string;
  expectedReturn?: string;
  note?: string;
}

/** The fields a pause changes. Only an active client can go on a break. */
export function pause(
  client: Pick<Client, 'name' | 'status'>,
  request: PauseRequest,
): Pick<Client, 'status' | 'statusChangedAt' | 'pausedAt' | 'expectedReturn' | 'pauseNote'> & {
  change: ClientStatusChange;
} {
  if (client.status !== 'active') throw new ClientStatusConflict(client, 'put on a break');
  if (request.expectedReturn !== undefined && request.expectedReturn < request.today)
    throw new RuleViolation('Please give an expected return date from today on, or leave it out.', 'expectedReturn');
  const at = request.now.toISOString();
  const change: ClientStatusChange = {
    status: 'paused',
    at,
    ...(request.expectedReturn ? { expectedReturn: request.expectedReturn } : {}),
  };
  return {
    status: 'paused',
    statusChangedAt: at,
    pausedAt: at,
    ...(request.expectedReturn ? { expectedReturn: request.expectedReturn } : {}),
    ...(request.note ? { pauseNote: request.note } : {}),
    change,
  };
}

/** Ending works from active or paused; an ended client can still come back (a return request). */
export function end(
  client: Pick<Client, 'name' | 'status'>,
  now: Date,
  note?: string,
): Pick<Client, 'status' | 'statusChangedAt' | 'endedAt' | 'endNote'> & { change: ClientStatusChange } {
  if (client.status === 'ended') throw new ClientStatusConflict(client, 'ended again');
  const at = now.toISOString();
  return {
    status: 'ended',
    statusChangedAt: at,
    endedAt: at,
    ...(note ? { endNote: note } : {}),
    change: { status: 'ended', at },
  };
}

/** Back to active (the therapist says so, or the client books again). Nothing to do when already active. */
export function resume(
  client: Pick<Client, 'status'>,
  now: Date,
): (Pick<Client, 'status' | 'statusChangedAt' | 'resumedAt'> & { change: ClientStatusChange }) | undefined {
  if (client.status === 'active') return undefined;
  const at = now.toISOString();
  return { status: 'active', statusChangedAt: at, resumedAt: at, change: { status: 'active', at } };
}

/**
 * Whether a person writing to come back is recognised as this therapist's client. Paused and ended
 * clients are what a return is for. An active client is recognised too: it almost always means a
 * break the therapist never recorded, and treating them as a stranger would make a current client
 * repeat first contact and land in the new-enquiry inbox — the opposite of what returns are for.
 */
export const recognisedOnReturn = (status: ClientStatus): boolean => clientStatuses.includes(status);
