/**
 * Steps for the erasure tests: a person's whole footprint made through the real API, snapshots of
 * one therapist's partition, and the mailer run on the test clock (an erasure hold is dated by it).
 */
import type { Context } from 'aws-lambda';
import { expect } from 'vitest';
import { createMailerHandler } from '#functions/mailer/handler.js';
import { getRuntime } from '#shared/runtime.js';
import { emailHash } from '#shared/store/email-hash.js';
import { keys } from '#shared/store/keys.js';
import type { OutboxItem } from '#shared/email/outbox-put.js';
import { clock, send, type ApiReply } from '#test/support/driver.js';
import type { GivenClient, GivenTherapist } from '#test/support/steps/given.js';
import { pendingOutbox, scanAll, storedItem } from '#test/support/steps/then.js';
import { streamRecord } from '#test/support/stream-event.js';
import { anAcceptedEnquiry, clientBooks, therapistActs, therapistRecordsOutcome } from '../bookings/steps.js';
import { aReturnFrom, call, someoneAsksToReturn, therapistListsReturns } from '../clients/steps.js';

export const therapistErases = (therapistId: string | undefined, body: unknown): Promise<ApiReply> =>
  send({ method: 'POST', path: '/me/erasures', ...(therapistId ? { as: therapistId } : {}), json: body });

export const hashOf = (email: string): string => emailHash(getRuntime().config.emailHashKey!, email);

/** Every item of one therapist's partition, by sk (string sets as sorted arrays, so they compare and print). */
export async function partition(therapistId: string): Promise<Record<string, unknown>[]> {
  const items = await scanAll('pk = :pk', { ':pk': keys.therapistPk(therapistId) });
  return items
    .map(
      (i) =>
        JSON.parse(
          JSON.stringify(i, (_k, v: unknown) => (v instanceof Set ? [...(v as Set<string>)].sort() : v)),
        ) as Record<string, unknown>,
    )
    .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1));
}

/** True when anything in the item names one of the needles (email, hash, ids). */
export const mentions = (item: unknown, needles: readonly string[]): boolean => {
  const text = JSON.stringify(item).toLowerCase();
  return needles.some((n) => text.includes(n.toLowerCase()));
};

export interface Footprint {
  enquiryId: string;
  bookingId: string;
  invitationId: string;
  clientId: string;
  returnId: string;
}

/**
 * The whole journey at one therapist: enquiry → accept → book Wednesday 10:00 → confirm → the
 * consultation → outcome "continue" (a client) → a return request. Leaves the clock after it.
 */
export async function aWholeFootprint(therapist: GivenTherapist, person: GivenClient): Promise<Footprint> {
  const { token, enquiryId } = await anAcceptedEnquiry(therapist, person);
  const booked = await clientBooks(token, '2026-03-04T10:00:00+00:00', 'Europe/London');
  expect(booked.status).toBe(201);
  const { bookingId } = booked.json<{ bookingId: string }>();
  expect((await therapistActs(therapist.therapistId, bookingId, 'confirm')).status).toBe(200);

  clock.set('2026-03-04T11:00:00Z');
  const outcome = await therapistRecordsOutcome(therapist.therapistId, bookingId, 'continue');
  expect(outcome.status).toBe(200);
  const { clientId } = outcome.json<{ clientId: string }>();

  expect((await someoneAsksToReturn(therapist.therapistId, aReturnFrom(person), person)).status).toBe(202);
  const returns = await therapistListsReturns(therapist.therapistId);
  const returnId = returns
    .json<{ items: { returnId: string; clientId: string }[] }>()
    .items.find((r) => r.clientId === clientId)!.returnId;

  const booking = await storedItem(keys.booking(therapist.therapistId, bookingId));
  return { enquiryId, bookingId, clientId, returnId, invitationId: String(booking!.invitationId) };
}

export const clientsOf = async (therapistId: string): Promise<{ clientId: string; email: string }[]> =>
  (await call({ method: 'GET', path: '/me/clients', as: therapistId })).json<{
    items: { clientId: string; email: string }[];
  }>().items;

/** Pending outbox items addressed to `email` (their keys: suppressed and sent items drop the address). */
export const queuedFor = async (email: string): Promise<OutboxItem[]> =>
  (await pendingOutbox()).filter((o) => o.message.to.email === email);

/**
 * Plays the table stream for every pending outbox item through the real mailer, whose clock is the
 * test clock (the erasure hold and the outbox items are dated by it, not by the machine's clock).
 */
export async function theMailerRuns(): Promise<void> {
  const { config } = getRuntime();
  const pending = await pendingOutbox();
  if (pending.length === 0) return;
  const handler = createMailerHandler({ now: () => clock.now() });
  const result = await handler(
    {
      Records: pending.map((item) =>
        streamRecord(item as unknown as Record<string, unknown> & { pk: string; sk: string }, {
          tableName: config.tableName,
        }),
      ),
    },
    {
      getRemainingTimeInMillis: () => 30_000,
    } as Context,
  );
  expect(result?.batchItemFailures ?? []).toEqual([]);
}

export const outboxStatus = async (pk: string): Promise<string | undefined> =>
  (await storedItem({ pk, sk: 'OUTBOX' }))?.status as string | undefined;
