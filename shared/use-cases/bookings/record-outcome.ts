/**
 * After a consultation the therapist records the outcome. "continue": the person becomes an active
 * client (a new record with its email guard, or the existing record made active again) in the same
 * transaction as the outcome, so sessions can be offered by invitation. "not-proceeding": a kind
 * close to the client.
 */
import { recordOutcome } from '#shared/domain/booking-lifecycle.js';
import type { ConsultationOutcome } from '#shared/domain/booking.js';
import { NotFound } from '#shared/domain/errors.js';
import { newId } from '#shared/ids.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { emailHash, loadEmailHashKey } from '#shared/store/index.js';
import type { ClientRecord } from '#shared/store/clients.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { outboxPut } from '#shared/email/outbox-put.js';
import type { UseCaseDeps } from '../deps.js';
import { loadBooking } from './booking-context.js';
import { notProceedingEmail } from './booking-emails.js';
import { changedMeanwhile, failedIndexes, writeBookingChange } from './booking-write.js';

export interface OutcomeInput {
  therapistId: string;
  bookingId: string;
  outcome: ConsultationOutcome;
  note?: string;
  now: Date;
}

export interface OutcomeResult {
  booking: StoredBooking;
  /** The active client record ("continue" only). */
  clientId?: string;
}

export async function recordConsultationOutcome(deps: UseCaseDeps, input: OutcomeInput): Promise<OutcomeResult> {
  const { therapistId, bookingId, outcome, now } = input;
  const { ctx, booking } = await loadBooking(deps, therapistId, bookingId, now);
  const recorded = { ...recordOutcome(booking, outcome, now, input.note), updatedAt: now.toISOString() };

  if (outcome === 'not-proceeding') {
    await write(
      deps,
      booking,
      [
        deps.store.bookings.replace(booking, recorded),
        outboxPut(deps.store, notProceedingEmail(ctx, recorded, input.note), now),
      ],
      input,
    );
    return { booking: recorded };
  }

  const hash = emailHash(await loadEmailHashKey(deps.config), booking.client.email);
  // Two attempts: a concurrent "continue" for the same person can create the record between our read and write.
  for (let attempt = 1; ; attempt++) {
    const existing = await deps.store.clients.findIdByEmail(therapistId, hash);
    const clientId = existing ?? newId(now);
    const next: StoredBooking = { ...recorded, clientId };
    const client: ClientRecord = {
      clientId,
      therapistId,
      name: booking.client.name,
      email: booking.client.email,
      emailHash: hash,
      status: 'active',
      sessionLengthMinutes: ctx.practice.sessionLengthMinutes,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      ...(booking.enquiryId ? { fromEnquiryId: booking.enquiryId } : {}),
    };
    const items = [
      deps.store.bookings.replace(booking, next),
      ...(existing ? [deps.store.clients.activate(therapistId, clientId, now)] : deps.store.clients.create(client)),
    ];
    try {
      await writeBookingChange(deps, items);
      return { booking: next, clientId };
    } catch (error) {
      const guardLost = !existing && failedIndexes(error).some((i) => i > 0);
      if (guardLost && attempt < 2) continue;
      await explain(deps, booking, input, error);
    }
  }
}

async function write(
  deps: UseCaseDeps,
  booking: StoredBooking,
  items: TransactItem[],
  input: OutcomeInput,
): Promise<void> {
  try {
    await writeBookingChange(deps, items);
  } catch (error) {
    await explain(deps, booking, input, error);
  }
}

async function explain(deps: UseCaseDeps, booking: StoredBooking, input: OutcomeInput, error: unknown): Promise<never> {
  const current = await deps.store.bookings.get(input.therapistId, input.bookingId, input.now);
  if (!current) throw new NotFound('booking');
  recordOutcome(current, input.outcome, input.now);
  throw changedMeanwhile(booking, current, error);
}
