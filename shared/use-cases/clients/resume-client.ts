/**
 * A client on a break (or ended) becomes active again: when the therapist says so
 * (POST /me/clients/{id}/resume), and when the client books again (the booking use case adds
 * `resumeOnBooking`'s parts to its own transaction).
 */
import { belongsTo, digestWindow } from '#shared/domain/client-bookings.js';
import { ClientStatusConflict, resume } from '#shared/domain/client.js';
import { StateConflict } from '#shared/domain/errors.js';
import { isConditionFailure } from '#shared/store/index.js';
import type { TransactItem } from '#shared/store/outbox.js';
import { reminderWrites } from '../bookings/booking-timers.js';
import type { UseCaseDeps } from '../deps.js';
import { loadClient } from './client-break.js';
import { clientView, type ClientView } from './client-view.js';
import { writeSpilling } from './write-spilling.js';

/**
 * The transaction parts that make the client active again as part of a booking: [] when they are
 * active already (or the record is gone). One GetItem; the part never fails the booking.
 */
export async function resumeOnBooking(
  deps: UseCaseDeps,
  therapistId: string,
  clientId: string,
  now: Date,
): Promise<TransactItem[]> {
  const client = await deps.store.clients.get(therapistId, clientId);
  return client ? deps.store.clients.resume(client, now) : [];
}

/**
 * The therapist brings a client back. Their confirmed bookings still ahead get their reminders again
 * (a pause deleted them), in the same transaction as the status change.
 */
export async function resumeClient(
  deps: UseCaseDeps,
  input: { therapistId: string; clientId: string; now: Date },
): Promise<ClientView> {
  const { config } = deps;
  const { now } = input;
  const client = await loadClient(deps, input.therapistId, input.clientId);
  const next = resume(client, now);
  if (!next) throw new ClientStatusConflict(client, 'brought back');
  const { change, ...set } = next;

  const ahead = (
    await deps.store.bookings.list(client.therapistId, { from: now, to: digestWindow(now).to }, now)
  ).filter((b) => belongsTo(b, client) && b.status === 'confirmed');
  const rearm = ahead.flatMap((b) => reminderWrites(deps.store, config.settings.timerShards, b, now, 'maybe'));
  try {
    await writeSpilling(deps.store, deps.store.clients.change(client, set, change, now, ['expectedReturn']), rearm);
  } catch (error) {
    if (isConditionFailure(error))
      throw new StateConflict(`${client.name}'s record changed just now. Please look at it again and retry.`);
    throw error;
  }
  return clientView(await loadClient(deps, client.therapistId, client.clientId));
}
