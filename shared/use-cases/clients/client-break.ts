/**
 * POST /me/clients/{id}/pause and /end: the client steps away. In the same transaction as the status
 * change, the reminders of their bookings inside the break are deleted (timer items
 * `booking-reminder#<bookingId>#<offset>`, see bookings/booking-timers.ts), so nobody on a break is
 * reminded of a session. The bookings themselves are not touched: they come back flagged, for the
 * therapist to cancel with the existing cancel (kind note, ICS CANCEL) or keep. Nothing is cancelled
 * silently.
 *
 * Inside the break: a requested or confirmed booking from now until the expected return day (that
 * day's own bookings are the return), or every booking ahead when there is no expected return or
 * the client has ended. A request confirmed later gets its reminders at confirmation as usual.
 */
import { bookingsInside, digestWindow, lastSession, type BookingSummary } from '#shared/domain/client-bookings.js';
import { end, pause, type Client } from '#shared/domain/client.js';
import { NotFound, StateConflict } from '#shared/domain/errors.js';
import type { StoredBooking } from '#shared/store/bookings.js';
import { isConditionFailure } from '#shared/store/index.js';
import { reminderDeletes } from '../bookings/booking-timers.js';
import type { UseCaseDeps } from '../deps.js';
import { clientView, type ClientView } from './client-view.js';
import { therapistCalendar } from './therapist-calendar.js';
import { writeSpilling } from './write-spilling.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FlaggedBooking extends BookingSummary {
  /** Always true: inside the break, for the therapist to cancel or keep. */
  insideBreak: true;
  /** Reminders that will no longer be sent (0 for a request: it has none until confirmed). */
  remindersStopped: number;
  /** How to cancel it with a kind note to the client. */
  cancel: { method: 'POST'; path: string };
}

export interface ClientBreakResult {
  client: ClientView;
  bookingsInside: FlaggedBooking[];
}

export interface PauseInput {
  therapistId: string;
  clientId: string;
  expectedReturn?: string;
  note?: string;
  now: Date;
}

export async function pauseClient(deps: UseCaseDeps, input: PauseInput): Promise<ClientBreakResult> {
  const { therapistId, now } = input;
  const [client, calendar] = await Promise.all([
    loadClient(deps, therapistId, input.clientId),
    therapistCalendar(deps, therapistId, now),
  ]);
  const { change, ...fields } = pause(client, {
    now,
    today: calendar.today,
    ...(input.expectedReturn ? { expectedReturn: input.expectedReturn } : {}),
    ...(input.note ? { note: input.note } : {}),
  });
  const until = input.expectedReturn ? calendar.startOf(input.expectedReturn) : undefined;
  return stepAway(deps, client, { ...fields, change }, ['expectedReturn', 'pauseNote'], now, until);
}

export async function endClient(
  deps: UseCaseDeps,
  input: { therapistId: string; clientId: string; note?: string; now: Date },
): Promise<ClientBreakResult> {
  const client = await loadClient(deps, input.therapistId, input.clientId);
  const { change, ...fields } = end(client, input.now, input.note);
  return stepAway(deps, client, { ...fields, change }, ['expectedReturn', 'endNote'], input.now, undefined);
}

export async function loadClient(deps: UseCaseDeps, therapistId: string, clientId: string): Promise<Client> {
  const client = await deps.store.clients.get(therapistId, clientId);
  if (!client) throw new NotFound('client');
  return client;
}

async function stepAway(
  deps: UseCaseDeps,
  client: Client,
  next: Partial<Client> & { change: NonNullable<Client['statusHistory']>[number] },
  remove: (keyof Client)[],
  now: Date,
  until: Date | undefined,
): Promise<ClientBreakResult> {
  // One diary read: the last session (kept on the record for the history a return shows) and what lies ahead.
  const window = { from: new Date(now.getTime() - 365 * DAY_MS), to: until ?? digestWindow(now).to };
  const bookings = await deps.store.bookings.list(client.therapistId, window, now);
  const inside = bookingsInside(client, bookings, now, until);
  const last = lastSession(client, bookings, now)?.start ?? client.lastSessionAt;

  const { change, ...set } = next;
  const statusWrite = deps.store.clients.change(
    client,
    { ...set, ...(last ? { lastSessionAt: last } : {}) },
    change,
    now,
    remove,
  );
  const deletes = inside.flatMap((b) => reminderDeletes(deps.store, b));
  try {
    await writeSpilling(deps.store, statusWrite, deletes);
  } catch (error) {
    if (isConditionFailure(error))
      throw new StateConflict(`${client.name}'s record changed just now. Please look at it again and retry.`);
    throw error;
  }

  const updated = await loadClient(deps, client.therapistId, client.clientId);
  return { client: clientView(updated), bookingsInside: inside.map((b) => flag(b, now)) };
}

function flag(b: StoredBooking, now: Date): FlaggedBooking {
  return {
    bookingId: b.bookingId,
    kind: b.kind,
    status: b.status,
    start: b.start,
    end: b.end,
    insideBreak: true,
    remindersStopped:
      b.status === 'confirmed'
        ? b.reminderOffsetsMinutes.filter((o) => Date.parse(b.start) - o * 60_000 > now.getTime()).length
        : 0,
    cancel: { method: 'POST', path: `/me/bookings/${b.bookingId}/cancel` },
  };
}
