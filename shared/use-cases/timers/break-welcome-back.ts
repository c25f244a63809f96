/**
 * A break's welcome back, due welcomeBackDays before its end (09:00 therapist-local, never before
 * the break has begun): every active client with no booking after the break is invited to book a
 * regular session. Each client's invitation, its link and the email are written together, fanned
 * out as the notice is (break-notice.ts), recorded on the break as invitedClients — so a client
 * invited once, or who has already booked again, is not invited again.
 */
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { rebookedAfter } from '../breaks/break-bookings.js';
import { loadBreakInProgress } from '../breaks/break-context.js';
import { welcomeBackEmail } from '../breaks/break-emails.js';
import { fanOut, type Delivery } from '../breaks/fan-out.js';
import type { UseCaseDeps } from '../deps.js';
import { createSessionInvitation } from '../invitations/session-invitation.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBreakWelcomeBack(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const loaded = await loadBreakInProgress(deps, timer.therapistId, timer.subjectId, now);
  if (!loaded) return retire(deps, timer, now);
  const { break: b, therapist, firstDayBack, backOn } = loaded;
  const invited = new Set(b.invitedClients);
  const [clients, rebooked] = await Promise.all([
    deps.store.clients.list(timer.therapistId, 'active'),
    rebookedAfter(deps, timer.therapistId, firstDayBack, b.timeZone, now),
  ]);
  const deliveries: Delivery[] = [];
  for (const client of clients.filter((c) => !invited.has(c.clientId) && !rebooked(c))) {
    const made = await createSessionInvitation(deps, {
      therapist,
      client: {
        clientId: client.clientId,
        name: client.name,
        email: client.email,
        ...(client.sessionLengthMinutes ? { sessionLengthMinutes: client.sessionLengthMinutes } : {}),
      },
      now,
      opensAt: now,
    });
    const link = {
      bookingUrl: made.bookingUrl,
      expiresAt: made.expiresAt,
      durationMinutes: made.invitation.durationMinutes,
    };
    deliveries.push({
      clientId: client.clientId,
      items: [
        outboxPut(deps.store, welcomeBackEmail(therapist, b.breakId, client, backOn, link, b.timeZone, false), now),
        ...made.transactItems,
      ],
    });
  }
  const result = await fanOut(deps.store, deliveries, (ids) =>
    deps.store.breaks.clientsAdded(b.therapistId, b.breakId, 'invitedClients', ids),
  );
  if (result.subjectGone) return retire(deps, timer, now);
  return fireWith(deps, timer, now, [deps.store.breaks.stepDone(b.therapistId, b.breakId, 'welcomeBackSentAt', now)]);
}
