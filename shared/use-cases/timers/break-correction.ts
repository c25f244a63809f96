/**
 * A break deleted after its notice went out: each client who had the notice gets a short
 * correction, fanned out like the notice (break-notice.ts) from the withdrawn-break record the
 * delete wrote, with its own deterministic ids — so once each, however often this fires.
 */
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { breakCorrectionEmail } from '../breaks/break-emails.js';
import { fanOut } from '../breaks/fan-out.js';
import { therapistOf, type UseCaseDeps } from '../deps.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBreakCorrection(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const [withdrawn, therapist] = await Promise.all([
    deps.store.breaks.getWithdrawn(timer.therapistId, timer.subjectId, now),
    therapistOf(deps, timer.therapistId),
  ]);
  if (!withdrawn || !therapist) return retire(deps, timer, now);

  const corrected = new Set(withdrawn.correctedClients);
  // Whoever had the notice, whatever their status now: they were told something that is no longer so.
  const people = await Promise.all(
    withdrawn.noticedClients
      .filter((id) => !corrected.has(id))
      .map((id) => deps.store.clients.get(timer.therapistId, id)),
  );
  const deliveries = people.flatMap((client) =>
    client
      ? [
          {
            clientId: client.clientId,
            items: [outboxPut(deps.store, breakCorrectionEmail(therapist, withdrawn, client, now), now)],
          },
        ]
      : [],
  );
  const result = await fanOut(deps.store, deliveries, (ids) =>
    deps.store.breaks.withdrawnCorrected(timer.therapistId, withdrawn.breakId, ids),
  );
  if (result.subjectGone) return retire(deps, timer, now);
  return fireWith(deps, timer, now, []);
}
