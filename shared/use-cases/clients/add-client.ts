/**
 * POST /me/clients: a therapist starting with Threshold brings in a current client, active or on a
 * break. The record and its email guard are one transaction, so the same person cannot be added
 * twice (409), not even by two requests racing.
 */
import { ClientAlreadyExists, type Client, type ClientStatusChange } from '#shared/domain/client.js';
import { RuleViolation } from '#shared/domain/errors.js';
import { newId } from '#shared/ids.js';
import {
  clientGuardIndexInCreate,
  emailHash,
  failedConditionIndex,
  loadEmailHashKey,
  normaliseEmail,
} from '#shared/store/index.js';
import type { UseCaseDeps } from '../deps.js';
import { therapistCalendar } from './therapist-calendar.js';
import { clientView, type ClientView } from './client-view.js';

export interface AddClientInput {
  therapistId: string;
  name: string;
  email: string;
  status: 'active' | 'paused';
  sessionLengthMinutes?: number;
  /** Paused only: when they expect to come back (YYYY-MM-DD, therapist's zone). */
  expectedReturn?: string;
  /** When they first got in touch, for the history a return request shows (YYYY-MM-DD). */
  firstContactOn?: string;
  /** Their last session before Threshold (YYYY-MM-DD). */
  lastSessionOn?: string;
  now: Date;
}

export async function addClient(deps: UseCaseDeps, input: AddClientInput): Promise<ClientView> {
  const { config } = deps;
  const { therapistId, now } = input;
  const calendar = await therapistCalendar(deps, therapistId, now);
  if (input.expectedReturn !== undefined && input.expectedReturn < calendar.today)
    throw new RuleViolation('Please give an expected return date from today on, or leave it out.', 'expectedReturn');
  for (const field of ['firstContactOn', 'lastSessionOn'] as const)
    if (input[field] !== undefined && input[field]! > calendar.today)
      throw new RuleViolation('Please give a date that has already passed.', field);

  const email = normaliseEmail(input.email);
  const hash = emailHash(await loadEmailHashKey(config), email);
  const at = now.toISOString();
  const change: ClientStatusChange = {
    status: input.status,
    at,
    ...(input.expectedReturn ? { expectedReturn: input.expectedReturn } : {}),
  };
  const client: Client = {
    clientId: newId(now),
    therapistId,
    name: input.name,
    email,
    emailHash: hash,
    status: input.status,
    source: 'brought-in',
    createdAt: at,
    updatedAt: at,
    statusChangedAt: at,
    statusHistory: [change],
    ...(input.sessionLengthMinutes ? { sessionLengthMinutes: input.sessionLengthMinutes } : {}),
    ...(input.status === 'paused' ? { pausedAt: at } : {}),
    ...(input.expectedReturn ? { expectedReturn: input.expectedReturn } : {}),
    ...(input.firstContactOn ? { firstContactAt: calendar.startOf(input.firstContactOn).toISOString() } : {}),
    ...(input.lastSessionOn ? { lastSessionAt: calendar.startOf(input.lastSessionOn).toISOString() } : {}),
  };
  try {
    await deps.store.transact(deps.store.clients.create(client));
  } catch (error) {
    if (failedConditionIndex(error) !== clientGuardIndexInCreate) throw error;
    throw new ClientAlreadyExists(await deps.store.clients.findIdByEmail(therapistId, hash));
  }
  return clientView(client);
}
