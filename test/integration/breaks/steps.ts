/**
 * Break steps: a practice with clients brought in (client items in clientCreate's shape), session
 * invitations for them, and the therapist's break calls. The rebooking handler is called here
 * directly in handler mode (the shared driver does not load it yet); over HTTP the driver sends.
 */
import { expect } from 'vitest';
import { buildApiEvent, matchRoute } from '#infra/local/api-event.js';
import type { ApiResponse } from '#shared/http/api-handler.js';
import { newId } from '#shared/ids.js';
import { getRuntime } from '#shared/runtime.js';
import { clientCreate, type ClientRecord } from '#shared/store/clients.js';
import { createSessionInvitation } from '#shared/use-cases/invitations/session-invitation.js';
import { writeTransaction } from '#shared/store/transaction.js';
import { clock, handlerMode, lambdaContext, send, type ApiCall, type ApiReply } from '#test/support/driver.js';
import { aClient, type GivenTherapist } from '#test/support/steps/given.js';
import { aPractice, clientBooks, practice, tokenOf, weekdays } from '../bookings/steps.js';

export async function callRebooking(call: ApiCall): Promise<ApiReply> {
  if (!handlerMode) return send(call);
  const [path = '/'] = call.path.split('?', 1);
  const match = matchRoute(call.method, path);
  if (!match || 'methodNotAllowed' in match) throw new Error(`No route for ${call.method} ${path}`);
  const event = buildApiEvent(
    {
      method: call.method,
      url: call.path,
      headers: call.json === undefined ? {} : { 'content-type': 'application/json' },
      ...(call.json === undefined ? {} : { body: JSON.stringify(call.json) }),
      sourceIp: '192.0.2.1',
      ...(call.as ? { claims: { sub: call.as, token_use: 'access' } } : {}),
      now: call.now ?? clock.now(),
    },
    match,
  );
  const { handler } = await import('#functions/rebooking/handler.js');
  const response = (await handler(event, lambdaContext('rebooking'))) as ApiResponse;
  const text = typeof response.body === 'string' ? response.body : '';
  return { status: response.statusCode, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export const therapistPlansBreak = (therapistId: string, body: unknown): Promise<ApiReply> =>
  callRebooking({ method: 'POST', path: '/me/breaks', as: therapistId, json: body });
export const therapistListsBreaks = (therapistId: string): Promise<ApiReply> =>
  callRebooking({ method: 'GET', path: '/me/breaks', as: therapistId });
export const therapistDeletesBreak = (therapistId: string, breakId: string): Promise<ApiReply> =>
  callRebooking({ method: 'DELETE', path: `/me/breaks/${breakId}`, as: therapistId });
export const therapistReminds = (therapistId: string, breakId: string, clientId: string): Promise<ApiReply> =>
  callRebooking({ method: 'POST', path: `/me/breaks/${breakId}/reminders`, as: therapistId, json: { clientId } });

/** Weekday hours 09:00–17:00 London, no notice, a horizon long enough to see past a summer break. */
export const aBreakPractice = (): Promise<GivenTherapist> =>
  aPractice(practice({ minimumNoticeMinutes: 0, horizonDays: 120, bufferAfterMinutes: 10 }), weekdays('Europe/London'));

/** A client the therapist brought in, written as clientCreate writes it. */
export async function aClientOf(
  therapist: GivenTherapist,
  status: 'active' | 'paused' = 'active',
): Promise<ClientRecord> {
  const person = aClient();
  const at = clock.now().toISOString();
  const clientId = newId(clock.now());
  const client = {
    clientId,
    therapistId: therapist.therapistId,
    name: person.name,
    email: person.email,
    emailHash: `hash-${clientId}`,
    status,
    createdAt: at,
    updatedAt: at,
  } as ClientRecord;
  const { db, config } = getRuntime();
  await writeTransaction(db, clientCreate(config.tableName, client));
  return client;
}

/** A session invitation for a client (what POST /me/clients/{id}/invite makes), as a link token. */
export async function sessionTokenFor(therapist: GivenTherapist, client: ClientRecord): Promise<string> {
  const deps = getRuntime();
  const made = await createSessionInvitation(deps, { therapist, client, now: clock.now() });
  await writeTransaction(deps.db, made.transactItems);
  return tokenOf(made.bookingUrl);
}

/** The client books a session at `start` (a request: the practice confirms by hand). */
export async function clientHasSessionAt(
  therapist: GivenTherapist,
  client: ClientRecord,
  start: string,
): Promise<string> {
  const booked = await clientBooks(await sessionTokenFor(therapist, client), start, 'Europe/London');
  expect(booked.status, booked.text).toBe(201);
  return booked.json<{ bookingId: string }>().bookingId;
}

export const slotStarts = (reply: ApiReply): string[] =>
  reply.json<{ slots: { start: string }[] }>().slots.map((s) => s.start);
