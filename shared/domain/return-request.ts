/**
 * A return request: a recognised client of a therapist (paused, ended, or active — see
 * domain/client.ts recognisedOnReturn) asks to come back. The therapist accepts (the client is
 * invited to book a regular session directly, no consultation) or declines kindly. Pure.
 */
import { StateConflict } from './errors.js';
import type { ClientStatus } from './client.js';

export const returnStatuses = ['pending', 'accepted', 'declined'] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

/** What the therapist sees of the relationship so far, taken from the client record when the request came in. */
export interface ReturnHistory {
  clientStatus: ClientStatus;
  firstContactAt?: string;
  lastSessionAt?: string;
  pausedAt?: string;
  endedAt?: string;
  expectedReturn?: string;
}

export interface ReturnRequest {
  returnId: string;
  therapistId: string;
  clientId: string;
  status: ReturnStatus;
  /** As the person wrote it this time (they may use another name now). */
  name: string;
  email: string;
  /** Their own words: personal data, shown to the therapist behind sign-in, never emailed or logged. */
  message?: string;
  consent: { version: string; at: string };
  receivedAt: string;
  history: ReturnHistory;
  respondedAt?: string;
  /** The therapist's note to the client (accept or decline). */
  note?: string;
  /** The session invitation an accept made. */
  invitationId?: string;
}

/** The request was already answered (a second click, or two devices). */
export class ReturnAlreadyAnswered extends StateConflict {
  constructor(status: ReturnStatus) {
    super(`This return request was already ${status}, so nothing more was sent.`, { returnStatus: status });
  }
}

export function respond(
  request: Pick<ReturnRequest, 'status'>,
  action: 'accept' | 'decline',
  now: Date,
  note?: string,
): Pick<ReturnRequest, 'status' | 'respondedAt' | 'note'> {
  if (request.status !== 'pending') throw new ReturnAlreadyAnswered(request.status);
  return {
    status: action === 'accept' ? 'accepted' : 'declined',
    respondedAt: now.toISOString(),
    ...(note ? { note } : {}),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long the break has lasted, in whole days: from the last session when known, else from when
 * they paused or ended. Undefined when nothing dates it (an active client brought in without dates).
 */
export function breakLengthDays(history: ReturnHistory, now: Date): number | undefined {
  const from = history.lastSessionAt ?? history.pausedAt ?? history.endedAt;
  if (!from) return undefined;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY_MS));
}
