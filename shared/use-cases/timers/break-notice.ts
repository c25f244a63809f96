/**
 * A break's notice, due breakNoticeDays before it (09:00 therapist-local), or at once for a break
 * made later than that: every active client gets one gentle note with the dates and the therapist's
 * message. Fanned out in transactions of at most 25 items, each recording its clients on the break
 * (noticedClients), with deterministic outbox ids: a redelivered timer or an overlapping sweep never
 * writes to anyone twice, and a delete knows exactly whom to correct. The timer is marked done once
 * everyone has theirs; if the sweep stops halfway, the next one carries on.
 */
import { outboxPut } from '#shared/email/outbox-put.js';
import type { TimerItem } from '#shared/store/timers.js';
import { loadBreakInProgress } from '../breaks/break-context.js';
import { breakNoticeEmail } from '../breaks/break-emails.js';
import { fanOut } from '../breaks/fan-out.js';
import type { UseCaseDeps } from '../deps.js';
import { fireWith, retire, type TimerOutcome } from './fire.js';

export async function fireBreakNotice(deps: UseCaseDeps, timer: TimerItem, now: Date): Promise<TimerOutcome> {
  const loaded = await loadBreakInProgress(deps, timer.therapistId, timer.subjectId, now);
  if (!loaded) return retire(deps, timer, now);
  const { break: b, therapist, backOn } = loaded;
  const noticed = new Set(b.noticedClients);
  const clients = (await deps.store.clients.list(timer.therapistId, 'active')).filter((c) => !noticed.has(c.clientId));
  const deliveries = clients.map((client) => ({
    clientId: client.clientId,
    items: [outboxPut(deps.store, breakNoticeEmail(therapist, b, client, backOn, now), now)],
  }));
  const result = await fanOut(deps.store, deliveries, (ids) =>
    deps.store.breaks.clientsAdded(b.therapistId, b.breakId, 'noticedClients', ids),
  );
  if (result.subjectGone) return retire(deps, timer, now);
  return fireWith(deps, timer, now, [deps.store.breaks.stepDone(b.therapistId, b.breakId, 'noticeSentAt', now)]);
}
